package com.sttgateway.models;

import com.sttgateway.journal.ObjectStore;
import com.sttgateway.proxy.BlockingWrites;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.proxy.UpstreamTarget;
import com.sttgateway.recovery.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * The calls a restore makes, politely: each waits for the rate limiter; 409 (busy) is waited out with backoff, 429
 * and 503 for their Retry-After; other 5xx and unreachable fail as {@link Transient} (the restore continues next
 * run); any other 4xx fails as {@link Refused} (the model is parked with the reason). Event loop; resource bodies are
 * streamed from the vault on a worker.
 */
record RestoreCalls(Vertx vertx, HttpClient client, UpstreamTarget target, UpstreamCalls calls, ObjectStore store,
    RateLimiter rate, long firstBackoffMillis) {

  /** The upstream refused a step: retrying will not help. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** The upstream is failing or busy for too long: try again at the next run. */
  static final class Transient extends RuntimeException {
    Transient(String message) {
      super(message, null, false, false);
    }
  }

  private static final int MAX_TRIES = 40;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  Future<UpstreamReply> get(String uri, String auth) {
    return rate.acquire().compose(v -> calls.call(HttpMethod.GET, uri, auth));
  }

  /** A JSON call (null body: none) that must answer {@code expected}; busy and throttled answers retried. */
  Future<UpstreamReply> json(HttpMethod method, String uri, String auth, JsonObject body, int expected, String what) {
    return patiently(() -> request(method, uri, auth, "application/json").compose(up -> {
      Future<UpstreamReply> reply = up.response().compose(UpstreamReply::read);
      up.end(body == null ? Buffer.buffer() : body.toBuffer());
      return reply;
    }), expected, what, 0);
  }

  /** Adds a vaulted resource's body (streamed from the store) with its content types. */
  Future<UpstreamReply> upload(String uri, String auth, ModelResource resource, String what) {
    return patiently(() -> store.open(resource.key()).compose(in -> request(HttpMethod.POST, uri, auth,
        resource.contentType()).compose(up -> {
          if (resource.containedContentType() != null) {
            up.putHeader("Contained-Content-Type", resource.containedContentType());
          }
          up.putHeader("Content-Length", String.valueOf(resource.bytes()));
          Future<UpstreamReply> reply = up.response().compose(UpstreamReply::read);
          vertx.executeBlocking(() -> copy(in, up), false).onFailure(err -> up.reset(0, err));
          return reply;
        })), 201, what, 0);
  }

  /** Polls {@code uri} with backoff until {@code done} says so (true), or fails with what it throws. */
  Future<JsonObject> poll(String uri, String auth, java.util.function.Predicate<JsonObject> done, String what) {
    return pollFrom(uri, auth, done, what, 0);
  }

  private Future<JsonObject> pollFrom(String uri, String auth, java.util.function.Predicate<JsonObject> done,
      String what, int tries) {
    return get(uri, auth).compose(reply -> {
      if (reply.status() != 200) {
        return Future.failedFuture(reply.status() / 100 == 4 && reply.status() != 429
            ? new Refused(what + ": " + reply.status() + " " + reply.body())
            : new Transient(what + ": " + reply.status()));
      }
      JsonObject json = reply.json();
      return done.test(json) ? Future.succeededFuture(json)
          : later(backoff(tries)).compose(v -> pollFrom(uri, auth, done, what, tries + 1));
    });
  }

  private Future<UpstreamReply> patiently(Supplier<Future<UpstreamReply>> call, int expected, String what, int tries) {
    return rate.acquire().compose(v -> call.get()).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(new Transient(what + ": " + ar.cause().getMessage()));
      }
      UpstreamReply reply = ar.result();
      int status = reply.status();
      if (status == expected) {
        return Future.succeededFuture(reply);
      }
      if ((status == 409 || status == 429 || status == 503) && tries < MAX_TRIES) {
        String after = reply.headers().get("Retry-After");
        long wait = after != null && after.matches("\\d{1,5}") ? Long.parseLong(after) * 1000 : backoff(tries);
        return later(wait).compose(v -> patiently(call, expected, what, tries + 1));
      }
      String why = what + ": " + status + " " + reply.body();
      return Future.failedFuture(status / 100 == 4 && status != 409 && status != 429 ? new Refused(why)
          : new Transient(why));
    });
  }

  private Future<HttpClientRequest> request(HttpMethod method, String uri, String auth, String contentType) {
    return client.request(target.requestOptions(method, uri)).map(up -> {
      if (auth != null) {
        up.putHeader("Authorization", auth);
      }
      if (contentType != null) {
        up.putHeader("Content-Type", contentType);
      }
      return up.putHeader("Accept", "application/json");
    });
  }

  private long backoff(int tries) {
    return Math.min(MAX_BACKOFF_MILLIS, firstBackoffMillis << Math.min(tries, 10));
  }

  private Future<Void> later(long millis) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(Math.max(1, millis), t -> done.complete());
    return done.future();
  }

  private static Void copy(InputStream in, HttpClientRequest up) throws Exception {
    try (in) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        BlockingWrites.write(up, Buffer.buffer(n).appendBytes(buffer, 0, n), () -> true);
      }
      up.end();
      return null;
    }
  }
}
