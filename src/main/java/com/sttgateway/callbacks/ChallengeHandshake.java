package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.security.SecureRandom;
import java.util.concurrent.TimeoutException;

/**
 * The upstream's registration handshake, run by the gateway against a client's callback URL in relay mode: one
 * {@code GET url?challenge_string=...} with {@code Accept: text/plain} (signed when a secret is given) that must be
 * answered 200 with the string within 5 s. Failures are 400s in the upstream's wording. Event loop only.
 */
record ChallengeHandshake(HttpClient client, CallbackGuard guard, String algorithm) {

  private static final long TIMEOUT_MS = 5_000;
  private static final String ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  Future<Void> run(String url, String secret) {
    String challenge = randomChallenge();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        // UNCONFIRMED upstream behaviour: "&" after an existing query, as the simulator does, keeps the URL valid.
        .setAbsoluteURI(url + (url.contains("?") ? "&" : "?") + "challenge_string=" + challenge)
        .setTimeout(TIMEOUT_MS)
        .putHeader("Accept", "text/plain");
    if (secret != null) {
      options.putHeader(Signatures.HEADER, Signatures.sign(algorithm, secret,
          challenge.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return guard.pinned(url, options).compose(client::request)
        .compose(req -> req.send().compose(resp -> resp.body().compose(body -> {
          if (resp.statusCode() != 200) {
            return Future.failedFuture(refused(url, "callback server responded with status code " + resp.statusCode()));
          }
          return body.toString().equals(challenge) ? Future.<Void>succeededFuture()
              : Future.failedFuture(refused(url, "callback server did not echo the challenge string"));
        })))
        .recover(err -> Future.failedFuture(err instanceof GatewayException ? err
            : refused(url, err instanceof TimeoutException ? "callback server did not respond within 5 seconds"
                : "callback server could not be reached (" + err.getMessage() + ")")));
  }

  private static GatewayException refused(String url, String reason) {
    return new GatewayException(400, "unable to register callback url '" + url + "', " + reason);
  }

  private static String randomChallenge() {
    StringBuilder challenge = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      challenge.append(ALPHANUMERICS.charAt(RANDOM.nextInt(ALPHANUMERICS.length())));
    }
    return challenge.toString();
  }
}
