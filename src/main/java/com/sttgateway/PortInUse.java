package com.sttgateway;

import io.vertx.core.Future;
import java.net.BindException;
import java.util.function.Function;

/**
 * Turns a failure to bind a port into a message naming the port and its setting ({@code server.port 8080 is in
 * use}); any other failure passes unchanged. Any thread.
 */
public final class PortInUse extends RuntimeException {

  private PortInUse(String setting, int port, Throwable cause) {
    super(setting + " " + port + " is in use", cause);
  }

  /** For {@code Future.recover}: fails with a PortInUse when {@code err} is a busy port, else with {@code err}. */
  public static <T> Function<Throwable, Future<T>> named(String setting, int port) {
    return err -> Future.failedFuture(busy(err) ? new PortInUse(setting, port, err) : err);
  }

  /** A bind failure anywhere in the cause chain: Netty's native and NIO transports and Hazelcast say it so. */
  static boolean busy(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof BindException || message.contains("Address already in use") || message.contains("already in use")) {
        return true;
      }
    }
    return false;
  }
}
