"""API tokens (coaching/tokens.py and the tokens page): only a hash is kept, a token is its
user to the API (exactly their view, no more), revoked or inactive answers 401, and the page
shows each user their own tokens only."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coaching import tokens
from coaching.models import ApiToken

pytestmark = pytest.mark.django_db

LIST = "/account/tokens/"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def make(client: Client, name: str = "season sheet", client_key=None):
    return client.post(LIST, {"name": name, "client_key": str(client_key or uuid.uuid4())})


# ---------------------------------------------------------------- what is stored


def test_the_database_never_holds_the_token_text(api_world):
    response = make(signed_in(api_world.users["coach"]))
    assert response.status_code == 200
    raw = response.context["raw"]
    assert len(raw) >= 40 and raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.prefix == raw[:8]
    # Every column of every token row, as PostgreSQL (or SQLite) writes it out.
    table = connection.ops.quote_name(ApiToken._meta.db_table)
    columns = [f.column for f in ApiToken._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(map(connection.ops.quote_name, columns))} FROM {table}")
        rows = cursor.fetchall()
    assert len(rows) == 1
    for value in rows[0]:
        assert raw not in str(value)
        assert raw[8:16] not in str(value)  # beyond the prefix, not even a piece of it


def test_the_answer_page_is_not_kept_by_any_cache(api_world):
    response = make(signed_in(api_world.users["coach"]))
    assert response["Cache-Control"] == "private, no-store"
    assert 'curl -H "Authorization: Bearer ' in response.content.decode()
    assert "http://testserver/api/v1/squads/" in response.content.decode()


# ---------------------------------------------------------------- the token is its user


def made_token(user, name="script") -> str:
    return tokens.token_create(user=user, name=name)[1]


@pytest.mark.parametrize("role", ["athlete", "teammate", "coach", "other_coach", "staff", "nobody"])
def test_a_token_sees_exactly_what_its_user_sees(api_world, role):
    user = api_world.users[role]
    session = APIClient()
    session.force_login(user)
    by_token = bearer(made_token(user))
    for path in ("/api/v1/squads/", f"/api/v1/squads/{api_world.ids['squad']}/"):
        expected = session.get(path)
        answered = by_token.get(path)
        assert answered.status_code == expected.status_code, (role, path)
        assert answered.json() == expected.json(), (role, path)


def test_an_athletes_token_reads_only_what_the_athlete_may(api_world):
    raw = made_token(api_world.users["athlete"])
    assert bearer(raw).get("/api/v1/squads/").json()["results"] == []  # Home shares nothing
    assert bearer(raw).get(f"/api/v1/squads/{api_world.ids['squad']}/").status_code == 404
    assert bearer(raw).get(f"/api/v1/squads/{api_world.ids['other_squad']}/").status_code == 404


def test_a_token_authenticates_without_a_session_or_csrf(api_world):
    raw = made_token(api_world.users["coach"])
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    names = [squad["name"] for squad in client.get("/api/v1/squads/").json()["results"]]
    assert names == ["Home"]


def test_a_revoked_token_answers_401_in_the_error_shape(api_world):
    coach = api_world.users["coach"]
    token, raw = tokens.token_create(user=coach, name="old laptop")
    assert bearer(raw).get("/api/v1/squads/").status_code == 200
    tokens.token_revoke(token=token)
    response = bearer(raw).get("/api/v1/squads/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {"error": {"message": "Unknown or revoked token."}}


def test_an_inactive_users_token_answers_401(api_world):
    coach = api_world.users["coach"]
    raw = made_token(coach)
    coach.is_active = False
    coach.save()
    response = bearer(raw).get("/api/v1/squads/")
    assert response.status_code == 401
    assert response.json() == {"error": {"message": "Unknown or revoked token."}}


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer a b",
        "Bearer nope",
        "Token nope",
        "Bearer \u00e9\u00e9",
        "Bearer " + "x" * 5000,
    ],
)
def test_a_malformed_or_unknown_token_answers_401(api_world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.encode().decode("latin-1"))
    response = client.get("/api/v1/squads/")
    assert response.status_code == 401
    assert "message" in response.json()["error"]


def test_last_used_is_noted_at_most_every_few_minutes(api_world, monkeypatch):
    raw = made_token(api_world.users["coach"])
    start = timezone.now()
    clock = {"now": start}
    monkeypatch.setattr(tokens.timezone, "now", lambda: clock["now"])

    def used_at():
        return ApiToken.objects.get().last_used_at

    assert used_at() is None
    bearer(raw).get("/api/v1/squads/")
    assert used_at() == start
    clock["now"] = start + tokens.LAST_USED_RESOLUTION - timedelta(seconds=1)
    bearer(raw).get("/api/v1/squads/")
    assert used_at() == start  # not written again so soon
    later = start + tokens.LAST_USED_RESOLUTION + timedelta(seconds=1)
    clock["now"] = later
    bearer(raw).get("/api/v1/squads/")
    assert used_at() == later


def test_a_busy_token_does_not_write_on_every_request(api_world):
    from django.test.utils import CaptureQueriesContext

    raw = made_token(api_world.users["coach"])
    bearer(raw).get("/api/v1/squads/")  # notes last use
    client = bearer(raw)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/squads/").status_code == 200
    written = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert written == []
    token_reads = [q["sql"] for q in queries if ApiToken._meta.db_table in q["sql"]]
    assert len(token_reads) == 1  # the token and its user, in one query


# ---------------------------------------------------------------- the page


def test_anonymous_is_sent_to_sign_in(api_world):
    for response in (Client().get(LIST), make(Client())):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
    token = tokens.token_create(user=api_world.users["coach"], name="x")[0]
    revoke = f"/account/tokens/{token.pk}/revoke/"
    for response in (Client().get(revoke), Client().post(revoke)):
        assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is None
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("role", ["athlete", "coach", "staff", "nobody"])
def test_everyone_signed_in_sees_the_menu_link_and_only_their_own_tokens(api_world, role):
    user = api_world.users[role]
    tokens.token_create(user=user, name=f"mine as {role}")
    for other in ("coach", "teammate", "staff"):
        if other != role:
            tokens.token_create(user=api_world.users[other], name=f"theirs as {other}")
    response = signed_in(user).get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{LIST}">API tokens</a>' in page
    assert [t.name for t in response.context["tokens"]] == [f"mine as {role}"]
    assert "theirs as" not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_token_answers_404_and_stays_live(api_world, method):
    theirs = tokens.token_create(user=api_world.users["coach"], name="coach's")[0]
    for role in ("other_coach", "staff", "athlete"):
        client = signed_in(api_world.users[role])
        response = getattr(client, method)(f"/account/tokens/{theirs.pk}/revoke/")
        assert response.status_code == 404, role
    assert (
        signed_in(api_world.users["coach"]).get(f"/account/tokens/{9**9}/revoke/").status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_page_lists_name_prefix_dates_and_state(api_world):
    coach = api_world.users["coach"]
    live, raw = tokens.token_create(user=coach, name="season sheet")
    gone = tokens.token_create(user=coach, name="old laptop")[0]
    tokens.token_revoke(token=gone)
    bearer(raw).get("/api/v1/squads/")
    page = signed_in(coach).get(LIST).content.decode()
    assert "season sheet" in page and f"{live.prefix}…" in page
    assert "old laptop" in page and "revoked" in page and "live" in page
    assert "never" in page  # the revoked one was never used
    assert page.count("Revoke…") == 1  # only the live one offers it


def test_revoking_asks_first_then_revokes(api_world):
    coach = api_world.users["coach"]
    token, raw = tokens.token_create(user=coach, name="season sheet")
    client = signed_in(coach)
    ask = client.get(f"/account/tokens/{token.pk}/revoke/")
    assert ask.status_code == 200
    assert "Revoke “season sheet”?" in ask.content.decode()
    assert 'name="csrfmiddlewaretoken"' in ask.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    done = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert done.redirect_chain == [(LIST, 302)]
    assert "Revoked “season sheet”" in done.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(raw).get("/api/v1/squads/").status_code == 401
    first = token.revoked_at
    again = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert again.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at == first  # revoking again changes nothing


def test_writes_need_the_csrf_token(api_world):
    coach = api_world.users["coach"]
    token = tokens.token_create(user=coach, name="x")[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    assert make(client).status_code == 403
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 61, "at most 60 characters (it has 61)"),
        ("nul\x00here", "Null characters are not allowed."),
    ],
)
def test_a_bad_name_is_answered_with_a_message(api_world, name, message):
    response = make(signed_in(api_world.users["coach"]), name=name)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  ", "Name the token"),
        ("x" * 61, "Keep the name to 60 characters"),
        ("a\x00b", "NUL"),
    ],
)
def test_the_service_refuses_the_same_names(api_world, name, message):
    from athletes.errors import RuleError

    with pytest.raises(RuleError, match=message):
        tokens.token_create(user=api_world.users["coach"], name=name)


def test_sixty_characters_is_fine_and_spaces_are_trimmed(api_world):
    response = make(signed_in(api_world.users["coach"]), name="  " + "x" * 60 + " ")
    assert response.status_code == 200
    assert ApiToken.objects.get().name == "x" * 60


def test_a_double_submit_makes_one_token(api_world):
    client = signed_in(api_world.users["coach"])
    key = uuid.uuid4()
    first = make(client, client_key=key)
    again = make(client, client_key=key)
    assert ApiToken.objects.count() == 1
    assert first.context["raw"] and again.context["raw"] is None
    assert first.context["raw"] not in again.content.decode()
    assert "already sent" in again.content.decode()


def test_a_key_another_user_used_is_refused(api_world):
    key = uuid.uuid4()
    make(signed_in(api_world.users["coach"]), client_key=key)
    response = make(signed_in(api_world.users["other_coach"]), client_key=key)
    assert response.status_code == 422
    assert "already used" in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_the_service_replays_a_key_without_the_text(api_world):
    key = uuid.uuid4()
    coach = api_world.users["coach"]
    made = [tokens.token_create(user=coach, name="x", client_key=key) for _ in range(2)]
    assert made[0][0].pk == made[1][0].pk and made[1][1] is None


def test_the_form_carries_a_client_key(api_world):
    page = signed_in(api_world.users["nobody"]).get(LIST).content.decode()
    assert 'name="client_key"' in page and 'name="csrfmiddlewaretoken"' in page
