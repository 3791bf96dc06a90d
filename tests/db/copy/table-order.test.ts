import { describe, expect, it } from "vitest";
import { foreignKeyOrder } from "../../../src/db/copy/table-order.js";
import type { TableShape } from "../../../src/db/table-shape.js";
import { schemaTables } from "../../helpers/sqlite-rows.js";

const table = (name: string, references: string[] = []): TableShape => ({
  name,
  columns: [],
  primaryKey: ["id"],
  foreignKeys: references.map((to) => ({
    columns: [`${to}_id`],
    table: to,
    foreignColumns: ["id"],
    onDelete: "no action",
  })),
  uniqueConstraints: [],
  indexes: [],
});

describe("foreignKeyOrder", () => {
  it("puts every table of the schema after each table it references", () => {
    const order = foreignKeyOrder(schemaTables).map((t) => t.name);
    expect(order.slice().sort()).toEqual(schemaTables.map((t) => t.name).sort());
    for (const shape of schemaTables) {
      for (const key of shape.foreignKeys) {
        if (key.table === shape.name) continue;
        expect(order.indexOf(key.table), `${key.table} before ${shape.name}`).toBeLessThan(order.indexOf(shape.name));
      }
    }
  });

  it("keeps the given order where no key decides, and allows a table to reference itself", () => {
    const order = foreignKeyOrder([table("b", ["a"]), table("c"), table("a", ["a"])]);
    expect(order.map((t) => t.name)).toEqual(["a", "b", "c"]);
  });

  it("names a cycle instead of looping", () => {
    expect(() => foreignKeyOrder([table("x", ["y"]), table("y", ["x"])])).toThrow(
      "foreign keys form a cycle: x → y → x",
    );
  });
});
