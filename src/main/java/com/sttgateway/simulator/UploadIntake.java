package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the body of a corpus, grammar or audio upload without holding it: each chunk goes through SHA-256 (and a
 * {@link WordScanner} for text) as it arrives. The body is either raw (the Java SDK; Node for grammars and audio)
 * or, for corpora, one multipart/form-data part {@code corpus_file} (the Node SDK). Runs on the request's event loop.
 */
final class UploadIntake {

  private UploadIntake() {
  }

  static boolean multipart(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /** The raw body; 413 above {@code maxBytes} (before reading when Content-Length says so). */
  static Future<ModelResource.Upload> raw(HttpServerRequest request, long maxBytes, WordScanner words) {
    if (declaredLength(request) > maxBytes) {
      return Future.failedFuture(tooLarge(maxBytes));
    }
    continueIfExpected(request);
    Promise<ModelResource.Upload> promise = Promise.promise();
    Sink sink = new Sink(words);
    request.handler(chunk -> {
      if (!sink.accept(chunk, maxBytes)) {
        request.handler(null);
        promise.tryFail(tooLarge(maxBytes));
      }
    });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(v -> promise.tryComplete(sink.finish()));
    request.resume();
    return promise.future();
  }

  /**
   * The multipart part named {@code part}: a file part is streamed. A plain field of that name is what Node sends
   * when given a string: {@code {"data":"<text>","contentType":"text/plain"}} as JSON; its data is the content.
   */
  static Future<ModelResource.Upload> part(HttpServerRequest request, String part, long maxBytes, WordScanner words) {
    if (declaredLength(request) > maxBytes * 2 + 65_536) {
      return Future.failedFuture(tooLarge(maxBytes)); // room for boundaries and headers
    }
    continueIfExpected(request);
    Promise<ModelResource.Upload> promise = Promise.promise();
    Sink sink = new Sink(words);
    request.setExpectMultipart(true);
    request.uploadHandler(upload -> stream(upload, part, sink, maxBytes, promise));
    request.exceptionHandler(promise::tryFail);
    request.endHandler(v -> {
      String field = request.getFormAttribute(part);
      if (!sink.started && field != null) {
        sink.accept(Buffer.buffer(nodeStringForm(field).getBytes(StandardCharsets.UTF_8)), maxBytes);
      } else if (!sink.started) {
        promise.tryFail(ApiException.badRequest("Missing required form part '" + part + "'"));
      }
      promise.tryComplete(sink.finish());
    });
    request.resume();
    return promise.future();
  }

  private static void stream(HttpServerFileUpload upload, String part, Sink sink, long maxBytes,
      Promise<ModelResource.Upload> promise) {
    if (!part.equals(upload.name()) || sink.started) {
      upload.handler(ignored -> { });
      return;
    }
    sink.started = true;
    upload.handler(chunk -> {
      if (!sink.accept(chunk, maxBytes)) {
        promise.tryFail(tooLarge(maxBytes));
      }
    });
    upload.exceptionHandler(promise::tryFail);
  }

  private static String nodeStringForm(String field) {
    try {
      Object data = new JsonObject(field).getValue("data");
      return data instanceof String text ? text : field;
    } catch (DecodeException e) {
      return field;
    }
  }

  private static void continueIfExpected(HttpServerRequest request) {
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      request.response().writeContinue();
    }
  }

  private static long declaredLength(HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return declared == null ? -1 : Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return -1; // the HTTP codec rejects malformed lengths before we get here
    }
  }

  // UNCONFIRMED upstream behaviour: chose 413 for an oversize resource, as for oversize recognition audio.
  private static ApiException tooLarge(long maxBytes) {
    return new ApiException(413, "Request too large: the resource exceeds the limit of " + maxBytes + " bytes.");
  }

  /** Digest, length and words of one body; one stream, one event loop. */
  private static final class Sink {
    private final AudioDigest digest = new AudioDigest();
    private final WordScanner words;
    private boolean started;

    Sink(WordScanner words) {
      this.words = words;
    }

    boolean accept(Buffer chunk, long maxBytes) {
      started = true;
      byte[] bytes = chunk.getBytes();
      digest.update(bytes);
      if (words != null) {
        words.update(bytes);
      }
      return digest.bytes() <= maxBytes;
    }

    ModelResource.Upload finish() {
      AudioDigest.Audio audio = digest.finish();
      return new ModelResource.Upload(audio.sha256(), audio.bytes(), audio.simulatedFailure(),
          words == null ? WordScanner.WordCount.NONE : words.finish());
    }
  }
}
