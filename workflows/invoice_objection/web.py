"""The pages of fakturainnsigelse (the invoice list and page, the objection part of the case
page, the chargeable-days tool). Written by engineer WEB; the spec reads `urlpatterns` and,
once they exist, `case_context`."""

urlpatterns: list = []
