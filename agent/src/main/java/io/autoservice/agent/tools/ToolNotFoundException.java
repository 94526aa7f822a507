package io.autoservice.agent.tools;

import java.util.List;

/** No executable for a tool in any of the places looked, or none the agent may run. */
public class ToolNotFoundException extends Exception {
  private static final long serialVersionUID = 1L;

  public ToolNotFoundException(Tool tool, List<String> lookedIn) {
    super(tool.displayName() + " not found; looked in: " + String.join(", ", lookedIn));
  }

  /** A refusal that is not a search: the message says it all. */
  protected ToolNotFoundException(String message) {
    super(message);
  }
}
