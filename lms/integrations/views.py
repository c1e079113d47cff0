"""Staff pages: webhook endpoints (with their secret shown once), their delivery logs, the record store."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.audit import services as audit
from lms.core.edge import Load, page
from lms.core.forms import filled
from lms.core.pagination import paginate
from lms.core.permissions import Role
from lms.extensions import db
from lms.integrations import bp, outbox, webhooks, xapi
from lms.integrations.forms import EndpointForm
from lms.integrations.models import Delivery, WebhookEndpoint

STAFF = [Role.staff]
PER_PAGE = 50


def _xapi_status() -> dict:
    config = current_app.config
    return {"configured": xapi.configured(config), "endpoint": config.get("XAPI_ENDPOINT", ""),
            "username": bool(config.get("XAPI_USERNAME")),
            "counts": outbox.counts(db.session, Delivery.kind == xapi.KIND)}


@page(bp, "/", roles=STAFF)
def index():
    endpoints = list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))
    counts = {e.id: outbox.counts(db.session, Delivery.endpoint_id == e.id) for e in endpoints}
    recent = list(db.session.scalars(select(Delivery).where(Delivery.kind == xapi.KIND)
                                     .order_by(Delivery.id.desc()).limit(10)))
    return render_template("integrations/index.html", endpoints=endpoints, counts=counts, events=webhooks.EVENTS,
                           xapi=_xapi_status(), recent=recent)


def _show_secret(endpoint: WebhookEndpoint, secret: str, *, new: bool):
    response = current_app.make_response(render_template("integrations/secret.html", hook=endpoint,
                                                         secret=secret, new=new))
    response.headers["Cache-Control"] = "no-store"
    return response


@page(bp, "/webhooks/new", methods=["GET", "POST"], roles=STAFF)
def new_endpoint():
    form = EndpointForm()
    if form.validate_on_submit():
        endpoint = webhooks.create_endpoint(db.session, url=filled(form.url.data), events=filled(form.events.data),
                                            description=form.description.data or "", active=form.active.data,
                                            by=current_user)
        audit.record(db.session, "webhook_created", endpoint.url)
        return _show_secret(endpoint, endpoint.secret, new=True)
    return render_template("integrations/form.html", form=form, hook=None), 400 if form.errors else 200


@page(bp, "/webhooks/<int:webhook_id>", methods=["GET", "POST"], roles=STAFF,
      load={"endpoint": Load(WebhookEndpoint, "webhook_id")})
def edit_endpoint(endpoint: WebhookEndpoint):
    form = EndpointForm(obj=endpoint)
    if form.validate_on_submit():
        webhooks.update_endpoint(endpoint, url=filled(form.url.data), events=filled(form.events.data),
                                 description=form.description.data or "", active=form.active.data)
        audit.record(db.session, "webhook_changed", endpoint.url)
        flash(_("The endpoint has been saved."), "success")
        return redirect(url_for("integrations.index"))
    return render_template("integrations/form.html", form=form, hook=endpoint), 400 if form.errors else 200


@page(bp, "/webhooks/<int:webhook_id>/secret", methods=["POST"], roles=STAFF,
      load={"endpoint": Load(WebhookEndpoint, "webhook_id")})
def rotate_secret(endpoint: WebhookEndpoint):
    secret = webhooks.rotate_secret(endpoint)
    audit.record(db.session, "webhook_secret_rotated", endpoint.url)
    return _show_secret(endpoint, secret, new=False)


@page(bp, "/webhooks/<int:webhook_id>/test", methods=["POST"], roles=STAFF,
      load={"endpoint": Load(WebhookEndpoint, "webhook_id")})
def send_test(endpoint: WebhookEndpoint):
    if not endpoint.active:
        flash(_("The endpoint is switched off: switch it on to send it a test event."), "error")
    else:
        webhooks.send_test(db.session, endpoint)
        flash(_("A test event is queued: it goes out at the next run of the delivery command (every minute)."),
              "success")
    return redirect(url_for("integrations.endpoint_log", webhook_id=endpoint.id))


@page(bp, "/webhooks/<int:webhook_id>/deliveries", roles=STAFF,
      load={"endpoint": Load(WebhookEndpoint, "webhook_id")})
def endpoint_log(endpoint: WebhookEndpoint):
    query = select(Delivery).where(Delivery.endpoint_id == endpoint.id).order_by(Delivery.id.desc())
    deliveries = paginate(db.session, query, request.args.get("page"), PER_PAGE)
    return render_template("integrations/log.html", hook=endpoint, page=deliveries,
                           counts=outbox.counts(db.session, Delivery.endpoint_id == endpoint.id))


@page(bp, "/xapi", roles=STAFF)
def xapi_log():
    query = select(Delivery).where(Delivery.kind == xapi.KIND).order_by(Delivery.id.desc())
    deliveries = paginate(db.session, query, request.args.get("page"), PER_PAGE)
    return render_template("integrations/log.html", hook=None, page=deliveries, xapi=_xapi_status(),
                           counts=_xapi_status()["counts"])


@page(bp, "/deliveries/<int:delivery_id>/retry", methods=["POST"], roles=STAFF,
      load={"delivery": Load(Delivery, "delivery_id")})
def retry(delivery: Delivery):
    outbox.retry_now(delivery)
    flash(_("The delivery will be tried again at the next run of the delivery command (every minute)."), "success")
    if delivery.endpoint_id is not None:
        return redirect(url_for("integrations.endpoint_log", webhook_id=delivery.endpoint_id))
    return redirect(url_for("integrations.xapi_log"))
