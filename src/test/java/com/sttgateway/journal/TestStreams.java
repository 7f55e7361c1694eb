package com.sttgateway.journal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/** Request bodies for upload tests: random, failing, stalling. */
final class TestStreams {

  private TestStreams() {}

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream digesting = new DigestInputStream(in, md)) {
      digesting.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Serves its bytes, then throws instead of reporting the end. */
  static final class FailingStream extends ByteArrayInputStream {
    private final Exception failure;

    FailingStream(byte[] bytes, Exception failure) {
      super(bytes);
      this.failure = failure;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, len);
      if (n < 0) {
        sneakyThrow(failure);
      }
      return n;
    }
  }

  /** Serves its bytes, then blocks until released, then fails: a client that stalled mid-upload. */
  static final class HangingStream extends ByteArrayInputStream {
    private final CountDownLatch release;

    HangingStream(byte[] bytes, CountDownLatch release) {
      super(bytes);
      this.release = release;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, len);
      if (n < 0) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        sneakyThrow(new IOException("stalled client gave up"));
      }
      return n;
    }
  }

  @SuppressWarnings("unchecked")
  static <E extends Exception> void sneakyThrow(Exception e) throws E {
    throw (E) e;
  }
}
