"""Query-string filters that refuse what the database cannot take: an id outside 64 bits, an
instant that does not convert to UTC. Either is a 400 `validation_error` naming the parameter,
never an OverflowError (a 500) in the database driver."""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

from workflows.inputs import FIRST_YEAR, LAST_YEAR, MAX_INTEGER, OUT_OF_RANGE


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_INTEGER, **kwargs)


class InstantField(IsoDateTimeField):
    def clean(self, value):
        value = super().clean(value)
        if value is not None:
            try:
                in_utc = value.astimezone(datetime.UTC)
            except OverflowError:
                in_utc = None
            if in_utc is None or not FIRST_YEAR <= in_utc.year <= LAST_YEAR:
                raise forms.ValidationError(OUT_OF_RANGE["date"], code="out_of_range")
        return value


class IdFilter(django_filters.NumberFilter):
    field_class = IdField


class InstantFilter(django_filters.IsoDateTimeFilter):
    field_class = InstantField
