from ninja import NinjaAPI

api = NinjaAPI(title="智慧党建平台 API", version="1.0")
