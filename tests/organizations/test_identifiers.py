"""Identifier checks."""
from hubs.organizations.identifiers import corporate_number_is_valid, ror_id_is_valid


def test_corporate_number_check_digit():
    assert corporate_number_is_valid("7000012050002")  # National Tax Agency's own number
    assert not corporate_number_is_valid("8000012050002")
    assert not corporate_number_is_valid("700001205000")
    assert not corporate_number_is_valid("70000120500a2")


def test_ror_id_shape():
    assert ror_id_is_valid("https://ror.org/057zh3y96")
    assert not ror_id_is_valid("057zh3y96")
    assert not ror_id_is_valid("https://ror.org/157zh3y96")
