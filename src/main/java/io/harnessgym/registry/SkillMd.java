package io.harnessgym.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A validated {@code SKILL.md}: its front matter (every key kept) and the two required fields. */
public record SkillMd(String name, String description, ObjectNode frontMatter) {}
