// ESLint rule `inlet/layer-order`: the executable form of the layer order in docs/ARCHITECTURE.md.
// A module under src/<layer>/ may import only from layers of lower rank; layers of equal rank may not
// import each other (ingest, health and packager stay independent). Only relative imports are checked:
// packages from node_modules are not layers.
import path from 'node:path';

/** `layerRanks` is the rank of every top-level directory under src/. */
export const layerRanks = {
  lib: 0,
  formats: 1,
  codecs: 2,
  protocols: 3,
  media: 4,
  health: 5,
  packager: 5,
  outputs: 6,
  events: 6,
  resources: 5,
  'live-events': 6,
  delivery: 6,
  api: 7,
  live: 7,
  ingest: 8,
  http: 8,
  config: 8,
  app: 9,
  'main.ts': 10,
};

function layerOf(srcDir, file) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return undefined;
  }
  const top = rel.split(path.sep)[0];
  return top;
}

export const layerOrderRule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the layer order of docs/ARCHITECTURE.md' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcDir = path.join(context.cwd, 'src');
    const from = layerOf(srcDir, file);
    if (from === undefined) {
      return {};
    }
    const fromRank = layerRanks[from];
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) {
        return;
      }
      const target = layerOf(srcDir, path.resolve(path.dirname(file), source));
      if (target === undefined || target === from) {
        return;
      }
      const toRank = layerRanks[target];
      if (fromRank === undefined) {
        context.report({
          node,
          message: `src/${from} is not a known layer; add it to scripts/lint/layer-order-rule.js`,
        });
        return;
      }
      if (toRank === undefined) {
        context.report({
          node,
          message: `src/${target} is not a known layer; add it to scripts/lint/layer-order-rule.js`,
        });
        return;
      }
      if (toRank >= fromRank) {
        context.report({
          node,
          message: `layer order (docs/ARCHITECTURE.md): src/${from} (rank ${fromRank}) may not import src/${target} (rank ${toRank})`,
        });
      }
    }
    return {
      ImportDeclaration(node) {
        check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) {
          check(node, node.source.value);
        }
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') {
          check(node, node.source.value);
        }
      },
    };
  },
};
