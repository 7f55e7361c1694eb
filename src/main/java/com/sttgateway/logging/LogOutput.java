package com.sttgateway.logging;

import com.sttgateway.config.GatewayConfig;
import java.util.logging.Handler;
import java.util.logging.Logger;

/** Applies {@code logging.format} to the root logger's handlers, once the configuration is known. Main thread. */
public final class LogOutput {

  private LogOutput() {}

  public static void apply(GatewayConfig.Logging logging) {
    if (!logging.json()) {
      return;
    }
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.setFormatter(new JsonLogFormatter());
    }
  }
}
