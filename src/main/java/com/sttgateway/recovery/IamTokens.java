package com.sttgateway.recovery;

import static java.util.Objects.requireNonNull;

import com.sttgateway.GatewayException;
import com.sttgateway.config.Secret;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Logger;

/**
 * IAM access tokens for the replay API key, obtained the way the IBM SDK's IamAuthenticator does and cached until
 * 80% of their lifetime has passed; at most one exchange is in flight, and every caller waiting meanwhile shares it.
 * Thread-safe (state under this object's lock, never held across I/O); never logs or reports the key or a token.
 */
final class IamTokens {

  static final String API_KEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";
  private static final Logger LOG = Logger.getLogger(IamTokens.class.getName());
  private static final double REFRESH_AFTER = 0.8; // of the lifetime, as the SDK's IamToken does
  private static final long CONNECT_TIMEOUT_MS = 10_000;
  private static final long DEADLINE_MS = 30_000;
  private static final int MAX_MESSAGE_CHARS = 200;
  static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** A token and its timeline, measured from when its request was sent (so clock skew with IAM cannot matter). */
  private record Token(String value, Instant obtained, Instant refreshAt, Instant expires) {
    @Override
    public String toString() {
      return "Token[obtained=" + obtained + ", expires=" + expires + "]";
    }
  }

  private final Vertx vertx;
  private final WebClient http;
  private final String url;
  private final Secret apiKey;
  private Token current;
  private Future<Token> inFlight;
  private String lastFailure;

  IamTokens(Vertx vertx, WebClient http, String url, Secret apiKey) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.http = requireNonNull(http, "http");
    this.url = requireNonNull(url, "url");
    this.apiKey = requireNonNull(apiKey, "apiKey");
    if (!apiKey.isSet()) {
      throw new IllegalArgumentException("replay.apiKey: empty (expected: an IAM API key for replay.auth=iam)");
    }
    URI parsed = URI.create(url);
    if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException("replay.iamUrl: '" + url + "' (expected: an http(s) URL of the IAM token"
          + " endpoint)");
    }
  }

  /** The cached access token, or the one the current (or a new) exchange brings. */
  Future<String> token() {
    Future<Token> pending;
    synchronized (this) {
      if (current != null && Instant.now().isBefore(current.refreshAt())) {
        return Future.succeededFuture(current.value());
      }
      pending = inFlight;
      if (pending == null) {
        Future<Token> exchange = exchange();
        inFlight = exchange;
        pending = exchange;
        exchange.onComplete(result -> settle(exchange, result));
      }
    }
    return pending.map(Token::value);
  }

  synchronized String describe() {
    String failure = lastFailure == null ? "" : "; last exchange failed: " + lastFailure;
    if (current == null) {
      return "iam at " + url + " (no token yet" + failure + ")";
    }
    return "iam at " + url + " (token refreshed " + CLOCK.format(current.obtained()) + ", expires "
        + CLOCK.format(current.expires()) + failure + ")";
  }

  private synchronized void settle(Future<Token> exchange, AsyncResult<Token> result) {
    if (inFlight == exchange) {
      inFlight = null;
    }
    if (result.succeeded()) {
      current = result.result();
      lastFailure = null;
      LOG.info(() -> "replay credentials: IAM token obtained, expires " + CLOCK.format(current.expires())
          + ", refresh due " + CLOCK.format(current.refreshAt()));
    } else {
      lastFailure = CLOCK.format(Instant.now()) + " " + result.cause().getMessage();
      LOG.warning("replay credentials: " + result.cause().getMessage());
    }
  }

  /** One POST to IAM with a deadline, so a stalled IAM cannot hold every replay. */
  private Future<Token> exchange() {
    Instant sent = Instant.now();
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", API_KEY_GRANT)
        .add("apikey", apiKey.value())
        .add("response_type", "cloud_iam");
    Promise<Token> token = Promise.promise();
    long deadline = vertx.setTimer(DEADLINE_MS, id -> token.tryFail(
        new GatewayException(503, "IAM at " + url + " did not answer within " + DEADLINE_MS / 1000 + " s")));
    http.postAbs(url)
        .putHeader("Accept", "application/json")
        .connectTimeout(CONNECT_TIMEOUT_MS)
        .idleTimeout(DEADLINE_MS)
        .sendForm(form) // sets Content-Type: application/x-www-form-urlencoded
        .transform(sentForm -> sentForm.succeeded() ? parse(sentForm.result(), sent)
            : Future.failedFuture(new GatewayException(503, "cannot reach IAM at " + url + ": "
                + redact(String.valueOf(sentForm.cause().getMessage())))))
        .onComplete(result -> {
          vertx.cancelTimer(deadline);
          if (result.succeeded()) {
            token.tryComplete(result.result());
          } else {
            token.tryFail(result.cause());
          }
        });
    return token.future();
  }

  private Future<Token> parse(HttpResponse<Buffer> response, Instant sent) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(refusal(response));
    }
    try {
      JsonObject body = response.bodyAsJsonObject();
      String value = body == null ? null : body.getString("access_token");
      Duration lifetime = body == null ? Duration.ZERO : lifetime(body, sent);
      if (value == null || value.isEmpty() || lifetime.isZero() || lifetime.isNegative()) {
        return Future.failedFuture(malformed());
      }
      Instant refreshAt = sent.plusMillis((long) (lifetime.toMillis() * REFRESH_AFTER));
      return Future.succeededFuture(new Token(value, sent, refreshAt, sent.plus(lifetime)));
    } catch (RuntimeException notTheExpectedJson) {
      return Future.failedFuture(malformed());
    }
  }

  /** expires_in when given (relative, immune to clock skew), else expiration (epoch seconds) against our clock. */
  private static Duration lifetime(JsonObject body, Instant sent) {
    Long expiresIn = body.getLong("expires_in");
    if (expiresIn != null) {
      return Duration.ofSeconds(expiresIn);
    }
    Long expiration = body.getLong("expiration");
    return expiration == null ? Duration.ZERO : Duration.between(sent, Instant.ofEpochSecond(expiration));
  }

  /**
   * 400/401/403 mean the key itself is refused: a 401, so the caller parks the job instead of retrying. Anything
   * else (429, 5xx) is IAM's trouble for now: a 503.
   */
  private GatewayException refusal(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String detail = response.statusMessage();
    try {
      JsonObject body = response.bodyAsJsonObject();
      if (body != null && body.getString("errorMessage") != null) {
        detail = body.getString("errorCode", "") + " " + body.getString("errorMessage");
      }
    } catch (RuntimeException notJson) {
      // keep the reason phrase: an HTML error page is no message
    }
    String said = status + " " + redact(detail.strip());
    boolean keyRefused = status == 400 || status == 401 || status == 403;
    return keyRefused
        ? new GatewayException(401, "IAM at " + url + " refused the replay API key: " + said)
        : new GatewayException(503, "IAM at " + url + " failed: " + said);
  }

  private GatewayException malformed() {
    return new GatewayException(502, "IAM at " + url + " answered 200 without an access_token and a positive"
        + " expires_in or expiration");
  }

  /** IAM should never echo the key, but its messages are not ours: strip it and keep them short. */
  private String redact(String message) {
    String safe = message.replace(apiKey.value(), "****");
    return safe.length() <= MAX_MESSAGE_CHARS ? safe : safe.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
