package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One delivery attempt of a relayed notification: POST to the client's URL (checked by the guard each time, since
 * DNS may change), signed with the client's journaled secret over the exact bytes sent. Any thread.
 */
record ClientNotifier(HttpClient client, CallbackJournal callbacks, SecretBox secrets, CallbackGuard guard,
    String algorithm) {

  private static final long TIMEOUT_MS = 10_000;

  /** The client's status code; fails when it could not be reached, or with 410 when the URL was unregistered. */
  Future<Integer> send(String url, String body) {
    return callbacks.get(url).compose(registration -> {
      if (registration == null) {
        return Future.failedFuture(new GatewayException(410, "the callback URL is no longer registered"));
      }
      Buffer bytes = Buffer.buffer(body);
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
          .setTimeout(TIMEOUT_MS).putHeader("Content-Type", "application/json");
      if (registration.encryptedSecret() != null) {
        String secret = secrets.decrypt(registration.encryptedSecret());
        options.putHeader(Signatures.HEADER, Signatures.sign(algorithm, secret, bytes.getBytes()));
      }
      return guard.pinned(url, options).compose(pinned -> client.request(pinned)
          .compose(req -> req.send(bytes).compose(resp -> resp.body().map(ignored -> resp.statusCode()))));
    });
  }
}
