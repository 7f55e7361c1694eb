package com.sttgateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** Reads and checks the TLS section: a certificate comes with its key, and every named file is readable. */
final class TlsSettings {

  private TlsSettings() {}

  static GatewayConfig.Tls read(Function<Setting, String> string, ToIntFunction<Setting> seconds) {
    return new GatewayConfig.Tls(
        pairedFile(string, Setting.SERVER_TLS_CERT, Setting.SERVER_TLS_KEY),
        pairedFile(string, Setting.SERVER_TLS_KEY, Setting.SERVER_TLS_CERT),
        pairedFile(string, Setting.ADMIN_TLS_CERT, Setting.ADMIN_TLS_KEY),
        pairedFile(string, Setting.ADMIN_TLS_KEY, Setting.ADMIN_TLS_CERT),
        file(string, Setting.UPSTREAM_CA),
        seconds.applyAsInt(Setting.TLS_RELOAD_SECONDS));
  }

  /** {@code s}'s file, which must be set exactly when {@code partner} is. */
  private static String pairedFile(Function<Setting, String> string, Setting s, Setting partner) {
    String path = file(string, s);
    if (path.isEmpty() != string.apply(partner).isEmpty()) {
      throw new ConfigException(s.key(), path, "set together with " + partner.key() + " (both or neither)");
    }
    return path;
  }

  private static String file(Function<Setting, String> string, Setting s) {
    String path = string.apply(s);
    if (!path.isEmpty() && !Files.isReadable(Path.of(path))) {
      throw new ConfigException(s.key(), path, "a readable PEM file");
    }
    return path;
  }
}
