package com.sttgateway.journal;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Where {@link ForwardTee} puts the body's bytes for the journal: an S3 upload ({@link ObjectSink}) or, for the
 * embedded store, a file written straight into its folder ({@link FileSink}). Event loop of its writer.
 */
interface BodySink {

  /** Completes once the object is stored; fails when the store failed or {@link #abort} was called. */
  Future<Void> result();

  /** The SHA-256 (lowercase hex) of every byte written; once, after {@link #result()} succeeded. */
  String sha256Hex();

  /** Takes {@code chunk}; the sink may hold it (never copies it into memory beyond its limit). */
  void write(Buffer chunk);

  /** True while data waits: the writer should pause until the drain handler runs. */
  boolean full();

  void drainHandler(Handler<Void> handler);

  /** No more data: stores what is left and completes the object. */
  void end();

  /** Drops everything: no object remains (once {@link #result()} failed). */
  void abort(Throwable reason);
}
