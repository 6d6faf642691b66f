"""The service's addresses."""

from django.urls import include, path

from . import views_hr, views_signin, views_staff

urlpatterns = [
    path("", views_staff.home, name="home"),
    path("policies/<str:code>/", views_staff.policy, name="policy"),
    path("policies/<str:code>/acknowledge/", views_staff.acknowledge_view, name="acknowledge"),
    path("history/", views_staff.history, name="history"),
    path("receipts/<int:seq>.pdf", views_staff.receipt, name="receipt"),
    path("reports/", views_hr.reports, name="reports"),
    path("reports/campaign/<int:pk>/", views_hr.campaign_report, name="campaign-report"),
    path("reports/campaign/<int:pk>.csv", views_hr.campaign_report, {"fmt": "csv"}, name="campaign-csv"),
    path("reports/school/<str:school>/", views_hr.school_report, name="school-report"),
    path("reports/school/<str:school>.csv", views_hr.school_report, {"fmt": "csv"}, name="school-csv"),
    path("people/<int:pk>/", views_hr.person_page, name="person"),
    path("people/<int:pk>/proxy/", views_hr.proxy, name="proxy"),
    path("people/<int:pk>/exempt/", views_hr.exemption, name="exempt"),
    path("people/<int:pk>/due/", views_hr.due_date, name="due"),
    path("entries/<int:seq>/void/", views_hr.void_entry, name="void"),
    path("signin/", views_signin.signin, name="signin"),
    path("signin/email/", views_signin.email_link, name="email-link"),
    path("signin/link/<str:token>/", views_signin.link, name="link"),
    path("signout/", views_signin.signout, name="signout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
]
