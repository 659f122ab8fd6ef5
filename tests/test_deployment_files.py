"""The systemd units shipped under docs/deployment/ stay in step with the commands."""

import os
import shlex

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

UNITS = sorted((settings.BASE_DIR / "docs" / "deployment").glob("*.service"))


def exec_lines(unit):
    """The commands of ``unit``: a oneshot service may have several ExecStart lines."""
    lines = [line.split("=", 1)[1] for line in unit.read_text().splitlines()
             if line.startswith("ExecStart=")]  # fmt: skip
    return [shlex.split(line) for line in lines]


def test_the_units_cover_the_server_the_worker_and_the_periodic_jobs():
    commands = {argv[2] for unit in UNITS for argv in exec_lines(unit)}
    assert {"serve", "worker", "send_registration_emails", "send_reconfirmation_requests",
            "anonymise_registrations", "prune_db_task_results", "send_message_emails",
            "delete_expired_messages", "send_founding_confirmations"} <= commands  # fmt: skip
    timers = {path.stem for path in UNITS[0].parent.glob("*.timer")}
    assert timers <= {unit.stem for unit in UNITS}  # each timer starts a service of its name


@pytest.mark.parametrize("unit", UNITS, ids=[unit.name for unit in UNITS])
def test_each_unit_runs_an_existing_command_with_valid_arguments(unit, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production
    for argv in exec_lines(unit):
        assert argv[:2] == ["/opt/selbsthilfe/.venv/bin/python", "manage.py"]
        name, arguments = argv[2], argv[3:]
        command = load_command_class(get_commands()[name], name)
        command.create_parser("manage.py", name).parse_args(arguments)  # exits on a bad one


def test_the_nginx_request_log_holds_neither_a_search_nor_an_address():
    config = (settings.BASE_DIR / "docs" / "deployment" / "nginx.conf").read_text()
    directives = [line.split("#")[0].strip() for line in config.splitlines()]
    (log_format,) = [line for line in directives if line.startswith("log_format ")]
    name = log_format.split()[1]
    forbidden = ["$request ", "$request_uri", "$args", "$query_string", "$arg_", "$remote_addr",
                 "$binary_remote_addr", "$http_referer", "$http_x_forwarded_for"]  # fmt: skip
    for variable in forbidden:
        assert variable not in log_format + " ", variable
    assert "$uri" in log_format
    access_logs = [line for line in directives if line.startswith("access_log ")]
    assert access_logs and all(line.rstrip(";").split()[-1] == name for line in access_logs)


def test_the_worker_is_restarted_for_as_long_as_an_outage_lasts():
    """The worker exits when the database goes away: systemd must start it again, however
    often, and what it left unsent is retried within minutes."""
    folder = settings.BASE_DIR / "docs" / "deployment"
    worker = (folder / "selbsthilfe-worker.service").read_text()
    assert "Restart=always" in worker and "StartLimitIntervalSec=0" in worker
    seconds = int(worker.split("RestartSec=", 1)[1].split()[0])
    assert 1 <= seconds <= 30
    timer = (folder / "selbsthilfe-retry.timer").read_text()
    assert "OnCalendar=*:0/5" in timer


def test_the_nginx_configuration_suits_nginx_1_22_and_passes_health_checks_over_http():
    config = (settings.BASE_DIR / "docs" / "deployment" / "nginx.conf").read_text()
    directives = [line.split("#")[0].strip() for line in config.splitlines()]
    assert "http2 on;" not in directives  # unknown before nginx 1.25.1 (Debian 12 has 1.22)
    assert "listen 443 ssl http2;" in directives
    plain = config.split("listen 443", 1)[0]  # the server block of port 80
    health = plain.split("healthz|readyz", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://127.0.0.1:8000;" in health  # answered, not redirected


def test_the_selbsthilfe_command_runs_manage_py_as_the_units_do():
    """The docs run every command of the site through `selbsthilfe`: as the units' user, in
    their folder, with their environment file and virtual environment."""
    folder = settings.BASE_DIR / "docs" / "deployment"
    command = folder / "selbsthilfe"
    assert os.access(command, os.X_OK)
    script = command.read_text()
    for unit in UNITS:
        service = unit.read_text()
        for key, expected in (("User", "sudo -u {} -H "), ("WorkingDirectory", "cd {}\n"),
                              ("EnvironmentFile", "< {}\n")):  # fmt: skip
            value = service.split(f"\n{key}=", 1)[1].split("\n", 1)[0]
            assert expected.format(value) in script, (unit.name, key)
    assert "exec .venv/bin/python manage.py" in script


def test_the_web_server_is_reloaded_without_stopping():
    """`systemctl reload selbsthilfe-web` (the upgrade): gunicorn's graceful reload."""
    folder = settings.BASE_DIR / "docs" / "deployment"
    web = (folder / "selbsthilfe-web.service").read_text()
    assert "\nExecReload=/bin/kill -HUP $MAINPID\n" in web
