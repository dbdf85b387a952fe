"""Web and domain side of the portal: models, services, blueprints and the certification engine."""
