package io.autoservice.controller.model;

import java.time.Instant;

/** A certificate the controller issued to an agent; {@code revokedAt} null while it counts. */
public record IssuedCertificate(
    String serial, String agentId, Instant issuedAt, Instant notAfter, Instant revokedAt) {}
