package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.jobs.Tenant;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.RouteFamily;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code register_callback} / {@code unregister_callback} in direct mode: passed through unchanged, and on the
 * upstream's success the registration is journaled (secret encrypted) or removed, so recovery can re-register it.
 * Event loop only.
 */
public record CallbackRoutes(UpstreamTarget target, UpstreamCalls upstream, CallbackJournal journal,
    SecretBox secrets) implements RouteFamily {

  private static final Logger LOG = Logger.getLogger(CallbackRoutes.class.getName());
  private static final Pattern ROUTE = Pattern.compile("^.*/v1/(register_callback|unregister_callback)/?$");

  /** A client's POST to register_callback or unregister_callback; {@code url} null when it names none. */
  record Call(String url, boolean register) {
    /** Null for any other route; fails with a 400 for a malformed query. */
    static Boolean registers(HttpServerRequest request) {
      var matcher = ROUTE.matcher(request.path());
      return request.method() == HttpMethod.POST && matcher.matches() ? matcher.group(1).equals("register_callback")
          : null;
    }

    static Call of(HttpServerRequest request, boolean register) {
      return new Call(Query.first(request.query(), "callback_url"), register);
    }
  }

  /** The routes of {@code handling}: register_callback and unregister_callback with a callback_url. */
  static Handling route(HttpServerRequest request, Function<Call, Future<Void>> handling) {
    Boolean register = Call.registers(request);
    return register == null ? null : () -> {
      request.pause();
      Call call = Call.of(request, register);
      return call.url() == null ? Future.succeededFuture(false)
          : handling.apply(call).onComplete(ar -> request.resume()).map(true);
    };
  }

  @Override
  public Handling route(HttpServerRequest request) {
    return route(request, call -> upstream.send(request, HttpMethod.POST, target.uri(request.uri()))
        .compose(reply -> journal(request, call.register(), call.url(), reply)
            .recover(err -> {
              LOG.warning("callback journal write failed for " + withoutQuery(call.url()) + ": " + err.getMessage());
              return Future.failedFuture(journalDown());
            })
            .map(reply))
        .map(reply -> {
          reply.relay(request.response(), null);
          return null;
        }));
  }

  static GatewayException journalDown() {
    return GatewayException.unavailable("the callback journal is unavailable; the registration is safe to repeat",
        10);
  }

  private Future<Void> journal(HttpServerRequest request, boolean register, String url, UpstreamReply reply) {
    if (register && (reply.status() == 200 || reply.status() == 201)) {
      String secret = Query.first(request.query(), "user_secret");
      Instant now = Instant.now();
      CallbackRegistration registration = new CallbackRegistration(CallbackRegistration.normalize(url),
          secret == null ? null : secrets.encrypt(secret), Tenant.of(request), now, now,
          reply.status() + " " + reply.json().getString("status", ""));
      return journal.save(registration)
          .onSuccess(v -> LOG.info("callback registered and journaled: " + withoutQuery(url)));
    }
    if (!register && reply.status() == 200) {
      return journal.remove(url).onSuccess(v -> LOG.info("callback unregistered and removed: " + withoutQuery(url)));
    }
    return Future.succeededFuture();
  }

  /** Callback URLs may carry tokens in their query: logs show scheme, host and path only. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }
}
