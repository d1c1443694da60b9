"""Who sees the world's project: the expected status per persona, for the API and for pages."""

SEES_PROJECT = {
    "owner": 200,
    "contractor": 200,
    "surveyor": 200,
    "designer": 200,
    "supervisor": 200,
    "regulator": 200,
    "admin": 200,
    "lab": 404,
    "other_regulator": 404,
    "outsider": 404,
    "other_supervisor": 404,
    "anonymous": 401,
}
#: Pages send anonymous visitors to the login page instead.
SEES_PROJECT_PAGE = {**SEES_PROJECT, "anonymous": 302}
