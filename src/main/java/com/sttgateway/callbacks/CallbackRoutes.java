package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.jobs.Tenant;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.proxy.PassthroughProxy;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code register_callback} / {@code unregister_callback} in direct mode: passed through unchanged, and on the
 * upstream's success the registration is journaled (secret encrypted) or removed, so recovery can re-register it.
 * Any other request goes to {@code next}. Event loop only.
 */
public final class CallbackRoutes implements Handler<HttpServerRequest> {

  private static final Logger LOG = Logger.getLogger(CallbackRoutes.class.getName());
  private static final Pattern ROUTE = Pattern.compile("^.*/v1/(register_callback|unregister_callback)/?$");

  /** A client's POST to register_callback or unregister_callback with a callback_url; null for anything else. */
  record Call(String url, boolean register) {
    static Call of(HttpServerRequest request) {
      var matcher = ROUTE.matcher(request.path());
      String url = request.method() == HttpMethod.POST && matcher.matches() ? request.getParam("callback_url") : null;
      return url == null ? null : new Call(url, matcher.group(1).equals("register_callback"));
    }
  }

  private final UpstreamTarget target;
  private final UpstreamCalls upstream;
  private final CallbackJournal journal;
  private final SecretBox secrets;
  private final Handler<HttpServerRequest> next;

  public CallbackRoutes(UpstreamTarget target, UpstreamCalls upstream, CallbackJournal journal, SecretBox secrets,
      Handler<HttpServerRequest> next) {
    this.target = target;
    this.upstream = upstream;
    this.journal = journal;
    this.secrets = secrets;
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Call call = Call.of(request);
    if (call == null) {
      next.handle(request);
      return;
    }
    String url = call.url();
    boolean register = call.register();
    request.pause();
    upstream.send(request, HttpMethod.POST, target.uri(request.uri()))
        .compose(reply -> journal(request, register, url, reply)
            .recover(err -> {
              LOG.warning("callback journal write failed for " + withoutQuery(url) + ": " + err.getMessage());
              request.response().putHeader("Retry-After", "10");
              return Future.failedFuture(new GatewayException(503,
                  "the callback journal is unavailable; the registration is safe to repeat"));
            })
            .map(reply))
        .onSuccess(reply -> reply.relay(request.response(), null))
        .onFailure(err -> PassthroughProxy.toGatewayError(err).respond(request.response()))
        .onComplete(ar -> request.resume());
  }

  private Future<Void> journal(HttpServerRequest request, boolean register, String url, UpstreamReply reply) {
    if (register && (reply.status() == 200 || reply.status() == 201)) {
      String secret = request.getParam("user_secret");
      Instant now = Instant.now();
      CallbackRegistration registration = new CallbackRegistration(CallbackRegistration.normalize(url),
          secret == null ? null : secrets.encrypt(secret), Tenant.of(request), now, now,
          reply.status() + " " + reply.json().getString("status", ""));
      return journal.save(registration).onSuccess(v -> LOG.info("callback registered and journaled: " + withoutQuery(url)));
    }
    if (!register && reply.status() == 200) {
      return journal.remove(url).onSuccess(v -> LOG.info("callback unregistered and removed: " + withoutQuery(url)));
    }
    return Future.succeededFuture();
  }

  /** Callback URLs may carry tokens in their query: logs show scheme, host and path only. */
  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }
}
