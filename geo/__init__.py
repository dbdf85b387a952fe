"""Pure spatial computation: no Flask, no database."""
