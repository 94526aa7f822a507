package io.autoservice.controller.model;

/** Where an agent stands, as the console shows it. */
public enum AgentState {
  ONLINE,
  BUSY,
  OFFLINE
}
