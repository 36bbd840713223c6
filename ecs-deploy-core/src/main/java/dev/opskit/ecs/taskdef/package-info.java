/**
 * Task definitions: a faithful copy of a registered revision (only read-only fields are dropped),
 * JSON files in the register or describe shape, the edits a deploy applies, and a readable diff
 * between two definitions.
 *
 * @see dev.opskit.ecs.taskdef.TaskDefinitionCopy
 * @see dev.opskit.ecs.taskdef.TaskDefinitionEdit
 */
@NullMarked
package dev.opskit.ecs.taskdef;

import org.jspecify.annotations.NullMarked;
