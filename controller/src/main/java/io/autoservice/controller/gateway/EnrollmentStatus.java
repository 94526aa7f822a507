package io.autoservice.controller.gateway;

import io.autoservice.controller.tls.EnrollmentException;
import io.grpc.Status;

/** The gRPC status that tells an agent why its enrolment or renewal was refused. */
final class EnrollmentStatus {
  private EnrollmentStatus() {}

  static Status of(EnrollmentException e) {
    Status s = switch (e.reason()) {
      case UNKNOWN_TOKEN -> Status.UNAUTHENTICATED;
      case TOKEN_SPENT, TOKEN_EXPIRED -> Status.PERMISSION_DENIED;
      case BAD_REQUEST -> Status.INVALID_ARGUMENT;
      case ID_TAKEN -> Status.ALREADY_EXISTS;
      case NOT_DUE -> Status.FAILED_PRECONDITION;
      case TOO_SOON -> Status.RESOURCE_EXHAUSTED;
    };
    return s.withDescription(e.getMessage());
  }
}
