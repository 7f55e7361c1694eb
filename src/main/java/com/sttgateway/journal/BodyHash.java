package com.sttgateway.journal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a body as it passes, read in place (no copy of the chunk). One thread at a time. */
final class BodyHash {

  private final MessageDigest sha256;

  BodyHash() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void update(Buffer chunk) {
    sha256.update(((BufferInternal) chunk).getByteBuf().nioBuffer());
  }

  /** Lowercase hex; call once, after the last chunk. */
  String hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
