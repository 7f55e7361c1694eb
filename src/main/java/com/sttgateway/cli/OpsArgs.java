package com.sttgateway.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line of {@code ops}: positional words, {@code --flag value} (or {@code --flag=value}) and
 * switches, anywhere on the line. Only known flags are accepted; anything else is a {@link UsageException}.
 */
record OpsArgs(List<String> words, Map<String, String> values, Set<String> switches) {

  /** Flags that take a value. */
  static final Set<String> VALUE_FLAGS = Set.of("url", "token", "operator", "state", "tenant", "since", "until",
      "updated-since", "updated-until", "callback-url", "min-attempts", "user-token", "limit", "cursor", "rate",
      "task", "timeout");
  /** Flags that stand alone. */
  static final Set<String> SWITCHES = Set.of("json", "all", "dry-run", "cancel", "wait", "help");

  /** Thrown for a command line that cannot be run: the CLI prints the message and the usage, and exits 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  static OpsArgs parse(String[] args) {
    List<String> words = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> switches = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        words.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = arg.substring(2, equals > 0 ? equals : arg.length());
      if (SWITCHES.contains(name) && equals < 0) {
        switches.add(name);
      } else if (VALUE_FLAGS.contains(name)) {
        String value = equals > 0 ? arg.substring(equals + 1) : (i + 1 < args.length ? args[++i] : null);
        if (value == null || value.isEmpty()) {
          throw new UsageException("--" + name + " needs a value");
        }
        if (values.put(name, value) != null) {
          throw new UsageException("--" + name + " given twice");
        }
      } else {
        throw new UsageException("unknown flag '" + arg + "'");
      }
    }
    return new OpsArgs(List.copyOf(words), Map.copyOf(values), Set.copyOf(switches));
  }

  boolean has(String flag) {
    return switches.contains(flag) || values.containsKey(flag);
  }

  String value(String flag) {
    return values.get(flag);
  }

  /** An integer flag of at least {@code min}, or {@code fallback} when absent. */
  int integer(String flag, int min, int fallback) {
    String value = values.get(flag);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + flag + " '" + value + "' (expected: an integer from " + min + ")");
  }

  /** A number flag above 0 and at most {@code max}, fractions allowed (a rate of 0.5 is one every two seconds). */
  double decimal(String flag, double max) {
    String value = values.get(flag);
    try {
      double n = Double.parseDouble(value);
      if (n > 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    throw new UsageException("--" + flag + " '" + value + "' (expected: a number above 0, at most " + (long) max + ")");
  }

  /** Fails unless every flag given is one of {@code allowed} (the connection flags are always allowed). */
  void allowOnly(String command, Set<String> allowed) {
    for (String flag : union(values.keySet(), switches)) {
      if (!allowed.contains(flag) && !Set.of("url", "token", "operator", "json", "help").contains(flag)) {
        throw new UsageException("--" + flag + " does not apply to '" + command + "'");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
