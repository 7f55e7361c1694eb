package com.sttgateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Typed, validated reads of the merged settings (file, then environment); each failure names the key. */
record ConfigValues(JsonObject values) {

  String oneOf(Setting s, String... allowed) {
    String v = string(s, false);
    if (!List.of(allowed).contains(v)) {
      throw new ConfigException(s.key(), v, String.join(" or ", allowed));
    }
    return v;
  }

  String string(Setting s, boolean mayBeEmpty) {
    Object v = values.getValue(s.key());
    if (!(v instanceof String str) || (!mayBeEmpty && str.isBlank())) {
      throw new ConfigException(s.key(), v, mayBeEmpty ? "a string" : "a non-empty string");
    }
    return str.trim();
  }

  int integer(Setting s, int min, int max) {
    Object v = values.getValue(s.key());
    long n;
    if (v instanceof Number num && num.doubleValue() == num.longValue()) {
      n = num.longValue();
    } else if (v instanceof String str && str.trim().matches("-?\\d{1,10}")) {
      n = Long.parseLong(str.trim());
    } else {
      throw new ConfigException(s.key(), v, "an integer from " + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new ConfigException(s.key(), v, "an integer from " + min + " to " + max);
    }
    return (int) n;
  }

  boolean bool(Setting s) {
    Object v = values.getValue(s.key());
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String str && (str.trim().equals("true") || str.trim().equals("false"))) {
      return Boolean.parseBoolean(str.trim());
    }
    throw new ConfigException(s.key(), v, "true or false");
  }

  int port(Setting s) {
    return integer(s, 0, 65535);
  }

  /** A JSON array or a comma-separated string (as an environment variable gives it), trimmed, blanks dropped. */
  List<String> stringList(Setting s, String expected) {
    Object v = values.getValue(s.key());
    List<String> list = new ArrayList<>();
    if (v instanceof JsonArray array) {
      array.forEach(m -> list.add(String.valueOf(m).trim()));
    } else if (v instanceof String str) {
      Arrays.stream(str.split(",")).map(String::trim).forEach(list::add);
    } else {
      throw new ConfigException(s.key(), v, expected);
    }
    list.removeIf(String::isEmpty);
    return List.copyOf(list);
  }
}
