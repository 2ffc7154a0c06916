package dev.stratum.migrations;

/**
 * What a dry run expects one portable {@link Step} to touch.
 *
 * @param step the step's canonical form, e.g. {@code addField(users, role, "user")}
 * @param documents the entities it would touch now (a count query on the store); for a step after
 *     another one on the same entities this is counted before the earlier step ran
 */
public record StepEstimate(String step, long documents) {}
