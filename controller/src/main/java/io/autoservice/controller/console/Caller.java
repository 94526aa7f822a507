package io.autoservice.controller.console;

/**
 * Who is calling. Until technician authentication exists (issue 5) every caller is "console";
 * dispatches and cancels record this name.
 */
final class Caller {
  private Caller() {}

  static String name() {
    return "console";
  }
}
