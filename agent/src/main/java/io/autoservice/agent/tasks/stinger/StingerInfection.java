package io.autoservice.agent.tasks.stinger;

/** One {@code <file> [MD5:<md5>] is infected with <threat>} line of a Stinger log. */
public record StingerInfection(String filePath, String md5, String threatName) {}
