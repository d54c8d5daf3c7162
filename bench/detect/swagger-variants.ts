import { join } from 'node:path';
import { injectStyle, replaceInFile } from '../../tests/support/app-variants.js';
import { UNCHANGED, type DetectApp } from './app-change.js';
import { THROWN_ERROR_MESSAGE } from './todomvc-variants.js';

// The JavaScript changes patch swagger-ui-dist's minified bundle, so their anchors are the
// bundle's own text (its minified names included). A different swagger-ui-dist version makes
// the anchor lookup throw, naming the file and the missing text, rather than build a copy
// that silently equals the original.

const BUNDLE = 'swagger-ui-bundle.js';

// In OperationSummary, the path and the summary are the two flex items of
// `.opblock-summary-path-description-wrapper` (display: flex).
const SUMMARY_PATH = '$e.createElement(ae,{getComponent:i,operationProps:_,specPath:w})';
const SUMMARY_DESCRIPTION =
  'L?$e.createElement("div",{className:"opblock-summary-description"},mI()(Y||x)):null';

const EXECUTE_BUTTON =
  '$e.createElement("button",{className:"btn execute opblock-control__btn",onClick:this.onClick,disabled:s},"Execute")';

/** Returns the detection bench's changes of Swagger UI and the session replayed on it. */
export function swaggerUiApp(): DetectApp {
  return {
    app: 'swagger-ui',
    session: 'swagger-petstore',
    changes: {
      colour: {
        // #3b4151 is swagger-ui.css's colour for operation summaries; each channel is 8 higher.
        description: 'operation summaries #3b4151 to #434959',
        apply: (app) =>
          injectStyle(
            join(app, 'index.html'),
            '.swagger-ui .opblock .opblock-summary-description { color: #434959; }',
          ),
      },
      shift: {
        description: 'operations section (.opblock-tag-section) 2 px down',
        apply: (app) =>
          injectStyle(
            join(app, 'index.html'),
            '.swagger-ui .opblock-tag-section { position: relative; top: 2px; }',
          ),
      },
      'removed-control': {
        description: 'Execute button no longer rendered',
        apply: (app) => replaceInFile(join(app, BUNDLE), EXECUTE_BUTTON, 'null'),
        // "Try it out" renders the Execute button, so the checkpoint after that click already
        // lacks it: the DOM differs there, steps before the click on Execute.
        expectedCauses: ['dom-diff'],
      },
      'changed-label': {
        // Both branches of the operation's section header carry the label.
        description: 'section heading "Parameters" reads "Arguments"',
        apply: (app) =>
          replaceInFile(join(app, BUNDLE), '"Parameters"', '"Arguments"', { count: 2 }),
      },
      'dead-handler': {
        description: 'Execute click handler returns at once',
        apply: (app) =>
          replaceInFile(
            join(app, BUNDLE),
            'onClick=()=>{let s=this.handleValidateParameters()',
            'onClick=()=>{return;let s=this.handleValidateParameters()',
          ),
      },
      'thrown-error': {
        description: 'Execute click handler throws after sending the request',
        apply: (app) =>
          replaceInFile(
            join(app, BUNDLE),
            's.execute({operation:o,path:i,method:a})};handleValidationResultFail=',
            `s.execute({operation:o,path:i,method:a});throw new Error(${JSON.stringify(THROWN_ERROR_MESSAGE)})};handleValidationResultFail=`,
          ),
      },
      'delayed-render': {
        description: 'SwaggerUIBundle(...) start in setTimeout(..., 300)',
        apply: async (app) => {
          const initializer = join(app, 'swagger-initializer.js');
          await replaceInFile(
            initializer,
            'window.onload = function () {',
            'window.onload = function () {\n  setTimeout(function () {',
          );
          await replaceInFile(initializer, '  });\n};', '  });\n  }, 300);\n};');
        },
      },
      'reordered-dom': {
        description: 'operation summary before its path in the DOM, put back with flex order',
        apply: async (app) => {
          await replaceInFile(
            join(app, BUNDLE),
            `${SUMMARY_PATH},${SUMMARY_DESCRIPTION}`,
            `${SUMMARY_DESCRIPTION},${SUMMARY_PATH}`,
          );
          await injectStyle(
            join(app, 'index.html'),
            '.swagger-ui .opblock .opblock-summary-description { order: 1; }',
          );
        },
      },
      unchanged: UNCHANGED,
    },
  };
}
