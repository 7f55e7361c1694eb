package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.jobs.Tenant;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.RouteFamily;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * {@code register_callback} / {@code unregister_callback} in relay mode: the gateway plays the upstream. It checks
 * the caller's credential upstream (by registering its own relay URL with it), guards the URL, runs the challenge
 * handshake itself and journals the registration; the client's URL is never registered upstream. Event loop only.
 */
record RelayRoutes(RelayRegistrar registrar, CallbackGuard guard, ChallengeHandshake handshake,
    CallbackJournal journal, SecretBox secrets) implements RouteFamily {

  private static final Logger LOG = Logger.getLogger(RelayRoutes.class.getName());

  @Override
  public Handling route(HttpServerRequest request) {
    return CallbackRoutes.route(request, call -> handle(request, call.url(), call.register()));
  }

  private Future<Void> handle(HttpServerRequest request, String url, boolean register) {
    // UNCONFIRMED upstream behaviour: re-registering an allowlisted URL (200 already created) is assumed not to
    // count toward the 20 new registrations an hour; it is done on each (rare) client registration because it is
    // the only way to have the upstream check the caller's credential.
    return validate(url)
        .compose(normalized -> registrar.register(request.getHeader("Authorization"), Tenant.of(request))
            .compose(reply -> {
              if (reply.status() == 400) {
                LOG.warning("relay: the upstream refused to register the relay URL: " + reply.body());
                return Future.failedFuture(new GatewayException(502, "the upstream could not register the gateway's "
                    + "relay URL (check callbacks.publicBaseUrl): " + reply.body()));
              }
              if (reply.status() != 200 && reply.status() != 201) {
                reply.relay(request.response(), null); // e.g. 401: the caller's credential is not valid upstream
                return Future.succeededFuture();
              }
              return register ? register(request, url, normalized) : unregister(request, url, normalized);
            }));
  }

  private Future<String> validate(String url) {
    String normalized;
    try {
      normalized = CallbackRegistration.normalize(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new GatewayException(400, e.getMessage()));
    }
    if (normalized.startsWith(registrar.relayUrl().substring(0, registrar.relayUrl().lastIndexOf('/')))) {
      return Future.failedFuture(new GatewayException(400,
          "callback_url '" + url + "' is the gateway's own relay path (reserved)"));
    }
    return Future.succeededFuture(normalized);
  }

  private Future<Void> register(HttpServerRequest request, String url, String normalized) {
    String secret = Query.first(request.query(), "user_secret");
    return journal.get(normalized).compose(existing -> {
      if (existing != null) {
        // UNCONFIRMED upstream behaviour: a URL already allowlisted keeps its first secret, as the simulator does.
        return respond(request, 200, "already created", url);
      }
      return guard.check(url)
          .compose(v -> handshake.run(url, secret))
          .compose(v -> {
            Instant now = Instant.now();
            return journal.save(new CallbackRegistration(normalized, secrets.encrypt(secret), Tenant.of(request), now,
                now, "201 created (relay mode)")).recover(err -> journalDown(request, err));
          })
          .compose(v -> {
            LOG.info("relay: callback registered and journaled: " + withoutQuery(normalized));
            return respond(request, 201, "created", url);
          });
    });
  }

  // UNCONFIRMED upstream behaviour: 404 for a URL that was never registered, as the simulator answers.
  private Future<Void> unregister(HttpServerRequest request, String url, String normalized) {
    return journal.get(normalized).compose(existing -> existing == null
        ? Future.failedFuture(new GatewayException(404, "callback url '" + url + "' is not registered"))
        : journal.remove(normalized).recover(err -> journalDown(request, err)).map(v -> {
          LOG.info("relay: callback unregistered and removed: " + withoutQuery(normalized));
          request.response().setStatusCode(200).end();
          return null;
        }));
  }

  private static Future<Void> journalDown(HttpServerRequest request, Throwable err) {
    LOG.warning("relay: callback journal write failed: " + err.getMessage());
    return Future.failedFuture(CallbackRoutes.journalDown());
  }

  private static Future<Void> respond(HttpServerRequest request, int status, String state, String url) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", state).put("url", url).encode());
    return Future.succeededFuture();
  }

  private static String withoutQuery(String url) {
    return CallbackRoutes.withoutQuery(url);
  }
}
