package com.sttgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Running SHA-256, byte count and first bytes of one audio stream. Not thread-safe: one stream, one event loop.
 * Audio that starts with the ASCII bytes {@code SIMFAIL} makes a job end "failed" (tests rely on this).
 */
final class AudioDigest {

  /** Marker at the start of the audio that makes the simulated recognition fail. */
  static final byte[] FAIL_MARKER = "SIMFAIL".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest sha256;
  private final byte[] prefix = new byte[FAIL_MARKER.length];
  private long bytes;

  AudioDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  void update(byte[] chunk) {
    if (bytes < prefix.length) {
      System.arraycopy(chunk, 0, prefix, (int) bytes, (int) Math.min(chunk.length, prefix.length - bytes));
    }
    sha256.update(chunk);
    bytes += chunk.length;
  }

  long bytes() {
    return bytes;
  }

  /** Ends the stream; the digest cannot be updated afterwards. */
  Audio finish() {
    boolean fails = bytes >= prefix.length && Arrays.equals(prefix, FAIL_MARKER);
    return new Audio(HexFormat.of().formatHex(sha256.digest()), bytes, fails);
  }

  /** What the simulated recogniser knows about the audio it received. */
  record Audio(String sha256, long bytes, boolean simulatedFailure) {
  }
}
