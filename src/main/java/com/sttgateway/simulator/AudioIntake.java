package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body as audio without ever holding it whole: each chunk goes through SHA-256 as it arrives.
 * A gzip body is already inflated here, because the API server enables request decompression
 * ({@code HttpServerOptions.setDecompressionSupported}), so the hash is the hash of the audio, not of the gzip.
 * Runs on the request's event loop.
 */
final class AudioIntake {

  private AudioIntake() {
  }

  /** Fails with 413 above {@code maxBytes} (before reading when Content-Length says so) and 400 below the minimum. */
  static Future<AudioDigest.Audio> read(HttpServerRequest request, long minBytes, long maxBytes) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && parseLength(declared) > maxBytes) {
      return Future.failedFuture(tooLarge(maxBytes));
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      request.response().writeContinue();
    }
    Promise<AudioDigest.Audio> promise = Promise.promise();
    AudioDigest digest = new AudioDigest();
    request.handler(chunk -> {
      digest.update(chunk.getBytes());
      if (digest.bytes() > maxBytes) {
        request.handler(null);
        promise.tryFail(tooLarge(maxBytes));
      }
    });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(v -> promise.tryComplete(digest.finish()));
    request.resume();
    return promise.future().compose(audio -> audio.bytes() < minBytes
        ? Future.failedFuture(ApiException.badRequest("Stream was " + audio.bytes()
            + " bytes but needs to be at least " + minBytes + " bytes."))
        : Future.succeededFuture(audio));
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1; // the HTTP codec rejects malformed lengths before we get here
    }
  }

  // UNCONFIRMED upstream behaviour: chose 413 for oversize audio because old sync docs show 413 for the 100 MB limit.
  private static ApiException tooLarge(long maxBytes) {
    return new ApiException(413, "Request too large: the audio exceeds the limit of " + maxBytes + " bytes.");
  }
}
