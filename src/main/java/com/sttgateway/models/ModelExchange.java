package com.sttgateway.models;

import com.sttgateway.GatewayException;
import com.sttgateway.jobs.Tenant;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.proxy.PassthroughProxy;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What the model routes share: the upstream, the passthrough, the vault and its id map, and the fail-closed rule
 * (a vault write that fails undoes the upstream change where possible and answers 503). Event loop only.
 */
final class ModelExchange {

  private static final Logger LOG = Logger.getLogger(ModelExchange.class.getName());
  /** Largest JSON body (a definition, a word list) the gateway reads whole. */
  static final int MAX_JSON_BYTES = 64 * 1024;

  final UpstreamCalls calls;
  final PassthroughProxy passthrough;
  final ModelVault vault;
  final ModelIdMap ids;
  final ModelRecovery recovery;
  private final SecretBox credentials;

  /** {@code credentials}: seals the creator's Authorization for restores (replay.auth=client); null keeps none. */
  ModelExchange(UpstreamCalls calls, PassthroughProxy passthrough, ModelVault vault, ModelIdMap ids,
      ModelRecovery recovery, SecretBox credentials) {
    this.calls = calls;
    this.passthrough = passthrough;
    this.vault = vault;
    this.ids = ids;
    this.recovery = recovery;
    this.credentials = credentials;
  }

  String sealedAuthorization(HttpServerRequest request) {
    String auth = request.getHeader("Authorization");
    return credentials == null || auth == null ? null : credentials.encrypt(auth);
  }

  /** The vaulted model {@code id} if {@code request}'s credential built it; null otherwise. */
  ModelEntry owned(HttpServerRequest request, String id) {
    ModelEntry entry = vault.get(id);
    return entry != null && entry.tenant().equals(Tenant.of(request)) ? entry : null;
  }

  /** Forwards unchanged but for the ids; the passthrough answers. */
  Future<Boolean> forward(HttpServerRequest request, ModelRoute route) {
    passthrough.forward(request, route.upstreamUri(ids));
    return Future.succeededFuture(true);
  }

  /** Reads a JSON body of at most {@link #MAX_JSON_BYTES}; 413 past it. */
  static Future<Buffer> readSmall(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > MAX_JSON_BYTES) {
      return Future.failedFuture(tooLarge());
    }
    Promise<Buffer> read = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_JSON_BYTES) {
        read.tryFail(tooLarge());
      } else if (!read.future().isComplete()) {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(read::tryFail);
    request.endHandler(v -> read.tryComplete(body));
    request.resume();
    return read.future();
  }

  private static GatewayException tooLarge() {
    return new GatewayException(413, "Request Entity Too Large: the gateway reads at most " + MAX_JSON_BYTES
        + " bytes of a model definition or word list");
  }

  /** Sends {@code body} (read whole) upstream with the client's headers. */
  Future<UpstreamReply> send(HttpServerRequest request, HttpMethod method, String uri, Buffer body) {
    return calls.open(request, uri).compose(up -> {
      up.setMethod(method);
      up.putHeader("Content-Length", String.valueOf(body.length())).setChunked(false);
      Future<UpstreamReply> reply = up.response().compose(UpstreamReply::read);
      up.end(body);
      return reply;
    });
  }

  /**
   * Fail closed: when {@code write} (the vault's) failed, runs {@code undo} (may be null: nothing to undo) and fails
   * with a 503; otherwise relays {@code reply} to the client.
   */
  Future<Boolean> afterWrite(HttpServerRequest request, Future<?> write, UpstreamReply reply, Buffer body,
      Supplier<Future<?>> undo, String what) {
    return write.transform(ar -> {
      if (ar.succeeded()) {
        reply.relay(request.response(), body);
        return Future.succeededFuture(true);
      }
      LOG.warning("model vault write failed (" + what + "): " + ar.cause().getMessage());
      Future<?> undone = undo == null ? Future.succeededFuture() : undo.get().otherwiseEmpty();
      return undone.compose(v -> Future.failedFuture(GatewayException.unavailable("the model vault is unavailable, so "
          + what + (undo == null ? " was not recorded" : " was undone") + "; retry later", 10)));
    });
  }
}
