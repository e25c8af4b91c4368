from django.http import HttpRequest, HttpResponse


def export_members(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_page(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_template(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
