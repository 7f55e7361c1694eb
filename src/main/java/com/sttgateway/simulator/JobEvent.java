package com.sttgateway.simulator;

import java.util.EnumSet;
import java.util.Set;

/** Callback notification events a job can ask for (the {@code events} query parameter). */
enum JobEvent {
  STARTED("recognitions.started"),
  COMPLETED("recognitions.completed"),
  COMPLETED_WITH_RESULTS("recognitions.completed_with_results"),
  FAILED("recognitions.failed");

  /** What a job with a callback URL and no {@code events} parameter gets. */
  static final Set<JobEvent> DEFAULTS = EnumSet.of(STARTED, COMPLETED, FAILED);

  private final String wire;

  JobEvent(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  /** Parses the comma-separated parameter; 400 for an unknown event or for both "completed" variants. */
  static Set<JobEvent> parseList(String value) {
    Set<JobEvent> events = EnumSet.noneOf(JobEvent.class);
    for (String item : value.split(",")) {
      String name = item.trim();
      if (!name.isEmpty()) {
        events.add(byWireName(name));
      }
    }
    if (events.isEmpty()) {
      throw ApiException.badRequest("the value of query parameter 'events' is empty");
    }
    if (events.contains(COMPLETED) && events.contains(COMPLETED_WITH_RESULTS)) {
      throw ApiException.badRequest("events 'recognitions.completed' and 'recognitions.completed_with_results'"
          + " are mutually exclusive");
    }
    return events;
  }

  private static JobEvent byWireName(String name) {
    for (JobEvent event : values()) {
      if (event.wire.equals(name)) {
        return event;
      }
    }
    throw ApiException.badRequest("invalid event '" + name + "' in query parameter 'events'");
  }
}
