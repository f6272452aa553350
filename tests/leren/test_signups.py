"""Meedoen: signing up for an open experiment, withdrawing with the code, and who
sees, hears of and keeps a sign-up."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from leren.forms import phone_normalise
from leren.models import Aanmelding, ExperimentStatus
from leren.selectors import SIGNUP_CODE
from leren.signup_services import experiment_ends_record, signups_retention_apply
from leren.signup_views import CODE_LIMIT, SIGNUP_LIMIT
from leren.tasks import sweep_signup_notices
from tests.factories import ExperimentFactory
from tests.verhalen.test_resident_flow import Resident
from verhalen.codes import code_hash

SIGNUP = {
    "name": "Ouder uit Noord",
    "email": "ouder.noord@example.nl",
    "phone": "06 98765432",
    "organisation": "Buurthuis De Kroon",
    "contribution": "Ik kan op dinsdag meedenken.",
    "consent": "on",
}
WITHDRAW = "/meedoen/intrekken/"


class Person(Resident):
    """A browser with CSRF enforced, signing up for experiments."""

    def sign_up(self, experiment, **fields) -> str:
        """Fill in and send the form; return the code shown, or "" if none."""
        path = f"/meedoen/{experiment.pk}/"
        self.get(path)
        started = self.hidden("started")
        self.post(path, {**SIGNUP, **fields, "started": started})
        match = re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', self.html())
        return match.group(1) if match else ""


@pytest.fixture(autouse=True)
def no_fill_time(settings):
    settings.VENSTER_MIN_FILL_SECONDS = 0


@pytest.fixture
def person():
    return Person()


@pytest.fixture
def owner(django_user_model):
    user = django_user_model.objects.create_user(
        "eigenaar", email="eigenaar@gemeente.example", password="x"
    )
    user.groups.add(Group.objects.get(name="Medewerker"))
    return user


@pytest.fixture
def experiment(tree, owner):
    return ExperimentFactory(
        parent=tree.experimenten, owner=owner, status=ExperimentStatus.OPEN
    )


def test_an_open_experiment_offers_to_take_part(client, experiment):
    html = client.get(experiment.url).content.decode()
    assert "Doe mee" in html
    assert f'href="/meedoen/{experiment.pk}/"' in html
    assert "Er heeft zich nog niemand aangemeld." in html


def test_the_page_counts_fewer_than_five_takers_as_minder_dan_5(
    client, experiment, person
):
    for _ in range(4):
        assert person.sign_up(experiment)
    assert "Doen mee: minder dan 5" in client.get(experiment.url).content.decode()
    person.sign_up(experiment)
    assert "Doen mee: 5" in client.get(experiment.url).content.decode()


def test_a_cached_experiment_page_shows_the_new_count_after_a_sign_up(
    client, experiment, person, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert "nog niemand" in client.get(experiment.url).content.decode()
    assert "nog niemand" in client.get(experiment.url).content.decode(), "cached"
    with django_capture_on_commit_callbacks(execute=True):
        code = person.sign_up(experiment)
    assert "Doen mee: minder dan 5" in client.get(experiment.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        person.post(WITHDRAW, {"code": code})
    assert "nog niemand" in client.get(experiment.url).content.decode()


def test_signing_up_keeps_the_contact_details_and_only_a_hash_of_the_code(
    experiment, person
):
    code = person.sign_up(experiment)
    assert person.last.status_code == 200
    signup = Aanmelding.objects.get()
    assert signup.experiment_id == experiment.pk
    assert signup.email == SIGNUP["email"]
    assert signup.phone == "+31698765432"
    assert signup.consented_at is not None
    assert signup.code_hash == code_hash(code, purpose=SIGNUP_CODE)
    assert code.replace("-", "") not in repr(Aanmelding.objects.values().get())
    assert code_hash(code) != signup.code_hash, "not hashed as a verhaalcode"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"email": "", "phone": ""},
            "Vul een e-mailadres of een telefoonnummer in",
        ),
        (
            {"email": "ouder@", "phone": ""},
            "Dit is geen e-mailadres waar we naar kunnen schrijven",
        ),
        ({"phone": "12345", "email": ""}, "Dit is geen telefoonnummer"),
        ({"phone": "06-1234567"}, "Dit is geen telefoonnummer"),
        ({"consent": ""}, "Vink het vakje aan"),
        ({"name": ""}, "Vul in hoe we je mogen aanspreken"),
        ({"website": "https://spam.example"}, "Je aanmelding kon niet worden"),
    ],
    ids=[
        "no contact",
        "bad e-mail",
        "bad phone",
        "short phone",
        "no consent",
        "no name",
        "honeypot",
    ],
)
def test_an_incomplete_or_suspect_sign_up_is_refused_in_dutch(
    experiment, person, fields, message
):
    assert person.sign_up(experiment, **fields) == ""
    assert person.last.status_code == 400
    assert message in person.html()
    assert not Aanmelding.objects.exists()


def test_either_contact_detail_is_enough(experiment, person):
    assert person.sign_up(experiment, phone="")
    assert person.sign_up(experiment, email="")
    assert Aanmelding.objects.count() == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12345678", "+31612345678"),
        ("06-12345678", "+31612345678"),
        ("020 123 4567", "+31201234567"),
        ("+31 (0)6 1234 5678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0612345", None),
        ("+31 6 123", None),
        ("bel me", None),
        ("0012", None),
    ],
)
def test_phone_numbers_follow_the_dutch_rule_or_e164(typed, stored):
    assert phone_normalise(typed) == stored


def test_a_form_sent_too_fast_is_refused(experiment, person, settings):
    settings.VENSTER_MIN_FILL_SECONDS = 60
    assert person.sign_up(experiment) == ""
    assert "Dat ging wel erg snel" in person.html()
    assert not Aanmelding.objects.exists()


def test_a_form_with_a_forged_start_stamp_is_refused(experiment, person):
    person.get(f"/meedoen/{experiment.pk}/")
    person.post(
        f"/meedoen/{experiment.pk}/", {**SIGNUP, "started": str(time.time() - 600)}
    )
    assert person.last.status_code == 400
    assert not Aanmelding.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(experiment, person):
    person.get(f"/meedoen/{experiment.pk}/")
    response = person.client.post(
        f"/meedoen/{experiment.pk}/", {**SIGNUP, "started": person.hidden("started")}
    )
    assert response.status_code == 403
    assert not Aanmelding.objects.exists()


def test_one_network_is_rate_limited_behind_the_proxy(experiment, settings):
    settings.VENSTER_TRUSTED_PROXIES = ["10.0.0.1/32"]

    def from_client(address: str) -> Person:
        person = Person()
        person.client.defaults.update(
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address
        )
        return person

    crowded = from_client("203.0.113.7")
    for _ in range(SIGNUP_LIMIT):
        assert crowded.sign_up(experiment)
    assert crowded.sign_up(experiment) == ""
    assert crowded.last.status_code == 429
    assert "Wacht even" in crowded.html()
    assert from_client("198.51.100.9").sign_up(experiment), "another network may"
    assert Aanmelding.objects.count() == SIGNUP_LIMIT + 1


@pytest.mark.parametrize(
    "status", [ExperimentStatus.AFGEROND, ExperimentStatus.GESTOPT]
)
def test_a_closed_experiment_shows_no_form_and_refuses_a_post(
    client, tree, person, status
):
    experiment = ExperimentFactory(parent=tree.experimenten, status=status)
    page = client.get(experiment.url).content.decode()
    assert f"/meedoen/{experiment.pk}/" not in page
    assert "Aanmelden kan niet" in page
    form = client.get(f"/meedoen/{experiment.pk}/").content.decode()
    assert 'name="email"' not in form
    assert "Je kunt je niet meer aanmelden voor dit experiment" in form

    person.get("/deel-je-verhaal/")
    person.post(f"/meedoen/{experiment.pk}/", {**SIGNUP, "started": "x"})
    assert person.last.status_code == 409
    assert "Je kunt je niet meer aanmelden voor dit experiment" in person.html()
    assert not Aanmelding.objects.exists()


def test_an_experiment_closed_while_the_form_was_open_refuses_it(experiment, person):
    person.get(f"/meedoen/{experiment.pk}/")
    started = person.hidden("started")
    experiment.status = ExperimentStatus.AFGEROND
    experiment.save()
    person.post(f"/meedoen/{experiment.pk}/", {**SIGNUP, "started": started})
    assert person.last.status_code == 409
    assert not Aanmelding.objects.exists()


def test_the_code_withdraws_the_sign_up_at_once(experiment, person):
    code = person.sign_up(experiment)
    person.get(WITHDRAW)
    person.post(WITHDRAW, {"code": code.lower().replace("-", " ")})
    assert person.last.status_code == 200
    assert "Je aanmelding is ingetrokken" in person.html()
    assert experiment.title in person.html()
    assert not Aanmelding.objects.exists()


@pytest.mark.parametrize("path", ["/", "/experimenten/", "/privacy/"])
def test_every_page_links_to_withdrawing_a_sign_up_in_its_footer(client, tree, path):
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'<a href="{WITHDRAW}">Mijn aanmelding intrekken</a>' in footer


def test_a_wrong_code_withdraws_nothing_and_says_so(experiment, person):
    person.sign_up(experiment)
    person.post(WITHDRAW, {"code": "AAAA-CCCC-DDDD"})
    assert person.last.status_code == 400
    assert "We kunnen geen aanmelding met deze code vinden" in person.html()
    person.post(WITHDRAW, {"code": "hallo"})
    assert "Dit is geen aanmeldcode" in person.html()
    assert Aanmelding.objects.count() == 1


def test_a_code_used_again_after_withdrawal_reveals_nothing(experiment, person):
    code = person.sign_up(experiment)
    person.post(WITHDRAW, {"code": code})
    person.post(WITHDRAW, {"code": code})
    assert person.last.status_code == 400
    html = person.html()
    assert "We kunnen geen aanmelding met deze code vinden" in html
    assert experiment.title not in html
    assert SIGNUP["name"] not in html


def test_guessing_codes_is_rate_limited(experiment, person):
    code = person.sign_up(experiment)
    for _ in range(CODE_LIMIT):
        person.post(WITHDRAW, {"code": "AAAA-CCCC-DDDD"})
    person.post(WITHDRAW, {"code": code})
    assert person.last.status_code == 429
    assert Aanmelding.objects.exists(), "not even the right code, for a while"


def test_retention_runs_from_the_command_line(experiment, person):
    from io import StringIO

    from django.core.management import call_command

    person.sign_up(experiment)
    ended(experiment, 365)
    out = StringIO()
    call_command("retention_signups", "--dry-run", stdout=out)
    assert "Would delete 1 sign-up(s)" in out.getvalue()
    assert Aanmelding.objects.exists()
    call_command("retention_signups", stdout=out)
    assert not Aanmelding.objects.exists()


def test_a_verhaalcode_does_not_withdraw_a_sign_up(experiment, person):
    code = person.sign_up(experiment)
    signup = Aanmelding.objects.get()
    Aanmelding.objects.filter(pk=signup.pk).update(code_hash=code_hash(code))
    person.post(WITHDRAW, {"code": code})
    assert person.last.status_code == 400
    assert Aanmelding.objects.exists()


# Retention


def ended(experiment, days: int) -> None:
    type(experiment).objects.filter(pk=experiment.pk).update(
        status=ExperimentStatus.AFGEROND,
        ended_at=timezone.now() - timedelta(days=days),
    )


def test_retention_deletes_sign_ups_n_days_after_the_experiment_ended(
    tree, experiment, person, settings
):
    settings.VENSTER_RETENTION_SIGNUP_DAYS = 30
    recent = ExperimentFactory(parent=tree.experimenten)
    running = ExperimentFactory(parent=tree.experimenten)
    for page in (experiment, recent, running):
        assert person.sign_up(page)
    ended(experiment, 31)
    ended(recent, 29)

    report = signups_retention_apply()

    assert report.deleted == 1
    assert set(Aanmelding.objects.values_list("experiment_id", flat=True)) == {
        recent.pk,
        running.pk,
    }


def test_a_dry_run_deletes_nothing(experiment, person):
    person.sign_up(experiment)
    ended(experiment, 365)
    assert signups_retention_apply(dry_run=True).deleted == 1
    assert Aanmelding.objects.count() == 1


def test_completing_an_experiment_starts_the_clock_and_reopening_stops_it(
    experiment, django_capture_on_commit_callbacks
):
    experiment.status = ExperimentStatus.AFGEROND
    with django_capture_on_commit_callbacks(execute=True):
        experiment.save_revision().publish()
    experiment.refresh_from_db()
    first_end = experiment.ended_at
    assert first_end is not None

    experiment.title = "Nieuwe titel"
    with django_capture_on_commit_callbacks(execute=True):
        experiment.save_revision().publish()
    experiment.refresh_from_db()
    assert experiment.ended_at == first_end, "a later edit keeps when it ended"

    experiment.status = ExperimentStatus.LOPEND
    with django_capture_on_commit_callbacks(execute=True):
        experiment.save_revision().publish()
    experiment.refresh_from_db()
    assert experiment.ended_at is None


def test_unpublishing_ends_an_experiment_for_retention(experiment):
    type(experiment).objects.filter(pk=experiment.pk).update(live=False)
    assert experiment_ends_record() == 1
    experiment.refresh_from_db()
    assert experiment.ended_at is not None


# The owner's notice


def test_the_owner_hears_someone_signed_up_without_their_details(
    experiment, person, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person.sign_up(experiment)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert experiment.title in message.subject
    assert f"/admin/aanmeldingen/?experiment={experiment.pk}" in message.body
    text = f"{message.subject}\n{message.body}"
    for value in (*SIGNUP.values(), "+31698765432", "98765432"):
        if value != "on":
            assert value not in text
    assert Aanmelding.objects.get().owner_notified_at is not None


def test_the_contact_person_is_told_instead_of_the_owner(
    experiment, person, django_user_model, django_capture_on_commit_callbacks
):
    contact = django_user_model.objects.create_user(
        "contact", email="contact@gemeente.example"
    )
    type(experiment).objects.filter(pk=experiment.pk).update(contact=contact)
    with django_capture_on_commit_callbacks(execute=True):
        person.sign_up(experiment)
    assert [m.to for m in mail.outbox] == [["contact@gemeente.example"]]


def test_the_notice_is_sent_once_however_often_the_sweep_runs(
    experiment, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person.sign_up(experiment)
    Aanmelding.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    assert sweep_signup_notices() == 0
    Aanmelding.objects.update(owner_notified_at=None)
    assert sweep_signup_notices() == 1
    sweep_signup_notices()
    assert len(mail.outbox) == 2, "the first notice, and once more after the reset"


def test_a_down_broker_keeps_the_sign_up_and_shows_the_code(
    experiment, person, broker, django_capture_on_commit_callbacks, caplog
):
    broker("redis://127.0.0.1:1/0")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        code = person.sign_up(experiment)
    assert time.monotonic() - started < 10
    assert code, person.html()
    signup = Aanmelding.objects.get()
    assert signup.code_hash == code_hash(code, purpose=SIGNUP_CODE)
    assert signup.owner_notified_at is None, "the sweep sends it later"
    assert "beat will sweep it up" in caplog.text
    assert not mail.outbox
