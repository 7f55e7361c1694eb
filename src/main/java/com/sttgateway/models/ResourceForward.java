package com.sttgateway.models;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.proxy.BlockingWrites;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * INTERIM adapter, to be replaced by the journal's one-pass {@code JournaledForward} once it is merged (only this
 * class changes): streams a resource body into its object (bounded: one part buffer), then from the object to the
 * upstream with the client's headers, and returns the upstream's answer and what was stored. Two passes, so the
 * client waits for both; memory stays bounded. Event loop; the copies run on workers.
 */
final class ResourceForward {

  /** The object written: key, size and SHA-256 (lowercase hex) of the body as received. */
  record Stored(String key, long bytes, String sha256) {}

  private static final int PART_SIZE = 5 * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  private final Vertx vertx;
  private final ObjectStore store;
  private final UpstreamCalls calls;
  private final long maxBytes;

  ResourceForward(Vertx vertx, ObjectStore store, UpstreamCalls calls, long maxBytes) {
    this.vertx = vertx;
    this.store = store;
    this.calls = calls;
    this.maxBytes = maxBytes;
  }

  /** Stores the body as {@code key}; fails with 413 past the limit, 503 when the store fails. */
  Future<Stored> store(HttpServerRequest request, String key) {
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > maxBytes) {
      return Future.failedFuture(new GatewayException(413, "Request Entity Too Large: the limit is " + maxBytes));
    }
    Counted body = new Counted(request.blockingStream().iterator(), maxBytes);
    request.resume();
    return store.upload(key, body, request.getHeader("Content-Type"), null, PART_SIZE)
        .map(n -> new Stored(key, body.count, body.sha256()))
        .recover(err -> Future.failedFuture(err instanceof TooLarge
            ? new GatewayException(413, "Request Entity Too Large: the limit is " + maxBytes)
            : GatewayException.unavailable("the model vault is unavailable, so the resource was not accepted; "
                + "retry later", 10)));
  }

  /** Sends the stored object upstream as the body of {@code upstreamUri}, with the client's headers. */
  Future<UpstreamReply> send(HttpServerRequest request, String upstreamUri, Stored stored) {
    return store.open(stored.key()).compose(in -> calls.open(request, upstreamUri).compose(up -> {
      up.setChunked(false).putHeader("Content-Length", String.valueOf(stored.bytes()));
      Future<UpstreamReply> reply = up.response().compose(UpstreamReply::read);
      vertx.executeBlocking(() -> copy(in, up), false).onFailure(err -> up.reset(0, err));
      return reply;
    }));
  }

  private static Void copy(InputStream in, HttpClientRequest up) throws IOException {
    try (in) {
      byte[] buffer = new byte[CHUNK];
      for (int n; (n = in.read(buffer)) > 0; ) {
        BlockingWrites.write(up, Buffer.buffer(n).appendBytes(buffer, 0, n), () -> true);
      }
      up.end();
      return null;
    }
  }

  private static final class TooLarge extends IOException {
    TooLarge() {
      super("body too large", null);
    }
  }

  /** The client's chunks as a stream, counted, digested and cut off past the limit. Worker thread only. */
  private static final class Counted extends InputStream {
    private final Iterator<Buffer> chunks;
    private final long max;
    private final MessageDigest digest;
    private byte[] current = new byte[0];
    private int position;
    private long count;

    Counted(Iterator<Buffer> chunks, long max) {
      this.chunks = chunks;
      this.max = max;
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (position == current.length) {
        if (!chunks.hasNext()) {
          return -1;
        }
        current = chunks.next().getBytes();
        position = 0;
        count += current.length;
        if (count > max) {
          throw new TooLarge();
        }
        digest.update(current);
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }

    String sha256() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
