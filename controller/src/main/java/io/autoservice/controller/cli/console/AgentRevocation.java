package io.autoservice.controller.cli.console;

/** What {@code agents revoke} did. */
public record AgentRevocation(String agentId, int certificatesRevoked, boolean disconnected) {}
