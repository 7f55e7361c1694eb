package com.sttgateway.jobs;

import com.sttgateway.proxy.BlockingWrites;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * The client's request body as an InputStream for the object-store upload, copying every chunk to the upstream
 * request as it passes: one read of the body feeds both sinks, and the slower one sets the pace (the iterator
 * pauses the client when 15 chunks wait; a full upstream queue parks the reader). Any failure surfaces as an
 * IOException, which makes MinIO abort the multipart upload. Blocking: read only on a journal-io worker.
 */
final class TeeInputStream extends InputStream {

  /** The body passed the configured maximum. */
  static final class TooLargeException extends IOException {
    TooLargeException(long max) {
      super("audio is larger than " + max + " bytes");
    }
  }

  private final Iterator<Buffer> chunks;
  private final long maxBytes;
  private final MessageDigest sha256;
  private volatile HttpClientRequest upstream;
  private volatile String abortReason;
  private volatile boolean upstreamEnded;
  private Buffer current;
  private int position;
  private long total;

  TeeInputStream(Iterator<Buffer> chunks, HttpClientRequest upstream, long maxBytes) {
    this.chunks = chunks;
    this.upstream = upstream;
    this.maxBytes = maxBytes;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops copying to the upstream (it failed or answered); the journal copy goes on. */
  void detachUpstream() {
    upstream = null;
  }

  /** Makes the next read fail, so the upload is aborted. */
  void abort(String reason) {
    abortReason = reason;
  }

  long bytes() {
    return total;
  }

  /** True once the upstream was handed the whole body: it may create the job whatever happens to the journal. */
  boolean upstreamEnded() {
    return upstreamEnded;
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || position == current.length()) {
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(len, current.length() - position);
    current.getBytes(position, position + n, b, off);
    position += n;
    return n;
  }

  private boolean nextChunk() throws IOException {
    checkAbort();
    try {
      if (!chunks.hasNext()) {
        HttpClientRequest up = upstream;
        if (up != null) {
          upstreamEnded = true;
          up.end();
        }
        return false;
      }
      current = chunks.next();
    } catch (RuntimeException e) {
      throw new IOException("client body failed: " + e.getMessage(), e);
    }
    position = 0;
    total += current.length();
    if (total > maxBytes) {
      throw new TooLargeException(maxBytes);
    }
    sha256.update(current.getBytes());
    writeUpstream(current);
    return true;
  }

  private void writeUpstream(Buffer chunk) throws IOException {
    HttpClientRequest up = upstream;
    if (up != null) {
      BlockingWrites.write(up, chunk, () -> upstream != null && abortReason == null);
      checkAbort();
    }
  }

  private void checkAbort() throws IOException {
    if (abortReason != null) {
      throw new IOException(abortReason);
    }
  }
}
