package com.sttgateway.models;

import java.util.Locale;

/**
 * A vaulted model's state: active (the upstream has it), restoring (lost upstream, being rebuilt), parked (could not
 * be rebuilt; an operator decides), deleted (a tombstone: never restored). Immutable.
 */
public enum ModelState {
  ACTIVE, RESTORING, PARKED, DELETED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ModelState ofWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
