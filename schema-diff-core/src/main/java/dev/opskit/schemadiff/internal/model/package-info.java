/**
 * Character set facts the model normalizes with and the planner judges capacities by (internal):
 * aliases, default collations, bytes per character.
 */
@NullMarked
package dev.opskit.schemadiff.internal.model;

import org.jspecify.annotations.NullMarked;
