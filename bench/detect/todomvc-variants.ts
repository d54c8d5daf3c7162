import { join } from 'node:path';
import type { TodoMvcImplementation } from '../../demo/build-apps.js';
import {
  changeElementText,
  injectStyle,
  removeElement,
  replaceInFile,
  swapAdjacent,
} from '../../tests/support/app-variants.js';
import { UNCHANGED, type AppChange, type DetectApp } from './app-change.js';
import type { VariantId } from './variant-kinds.js';

// Every change below fails with an error naming the file when its anchor text is missing, so
// an update of the todomvc package cannot turn a variant into a silent copy of the app.

/** The message of the error thrown by the `thrown-error` variants. */
export const THROWN_ERROR_MESSAGE = 'replaygate detection bench: error after the click';

const THROW = `throw new Error('${THROWN_ERROR_MESSAGE}');`;

/** Inserts `text` right after `anchor`, which must occur exactly once in `file`. */
async function insertAfter(file: string, anchor: string, text: string): Promise<void> {
  await replaceInFile(file, anchor, `${anchor}${text}`);
}

// The four TodoMVC examples share one todomvc-common base.css, so CSS changes are the same.
const sharedChanges = {
  colour: {
    // The labels inherit #4d4d4d from the body; #555 is 8 levels lighter per channel.
    description: 'todo labels #4d4d4d to #555',
    apply: (app) => injectStyle(join(app, 'index.html'), '#todo-list li label { color: #555; }'),
  },
  shift: {
    // #main is already `position: relative` in base.css, so `top` moves only the list.
    description: '#main (the todo list) 2 px down',
    apply: (app) => injectStyle(join(app, 'index.html'), '#main { top: 2px; }'),
  },
  unchanged: UNCHANGED,
} satisfies Partial<Record<VariantId, AppChange>>;

const CHANGED_LABEL_DESCRIPTION = 'heading "todos" reads "tasks"';

// The heading is `position: absolute` with `top` set in base.css, so moving it after the input
// changes the DOM order while every pixel stays where it was.
const REORDER_DESCRIPTION = 'h1 moved after the new-todo input (the h1 is absolutely positioned)';

const HTML_NEW_TODO = '<input id="new-todo" placeholder="What needs to be done?" autofocus>';

/** Changes of TodoMVC's vanillajs example, which renders from string templates. */
function vanillaJsChanges(): Record<VariantId, AppChange> {
  return {
    ...sharedChanges,
    'removed-control': {
      description: 'delete button removed from the item template',
      apply: (app) =>
        removeElement(join(app, 'js', 'template.js'), '<button class="destroy"></button>'),
    },
    'changed-label': {
      description: CHANGED_LABEL_DESCRIPTION,
      apply: (app) => changeElementText(join(app, 'index.html'), '<h1>todos</h1>', 'tasks'),
    },
    'dead-handler': {
      description: '"Clear completed" handler returns at once',
      apply: (app) =>
        insertAfter(
          join(app, 'js', 'controller.js'),
          'Controller.prototype.removeCompletedItems = function () {',
          '\n\t\treturn;',
        ),
    },
    'thrown-error': {
      description: 'delete handler throws after removing the todo',
      apply: (app) =>
        insertAfter(
          join(app, 'js', 'controller.js'),
          "that.view.bind('itemRemove', function (item) {\n\t\t\tthat.removeItem(item.id);",
          `\n\t\t\t${THROW}`,
        ),
    },
    'delayed-render': {
      description: 'list render (showEntries) in setTimeout(..., 300)',
      apply: (app) =>
        replaceInFile(
          join(app, 'js', 'view.js'),
          'that.$todoList.innerHTML = that.template.show(parameter);',
          'setTimeout(function () { that.$todoList.innerHTML = that.template.show(parameter); }, 300);',
        ),
    },
    'reordered-dom': {
      description: REORDER_DESCRIPTION,
      apply: (app) => swapAdjacent(join(app, 'index.html'), '<h1>todos</h1>', HTML_NEW_TODO),
    },
  };
}

/** Changes of TodoMVC's Backbone example, which renders from Underscore templates. */
function backboneChanges(): Record<VariantId, AppChange> {
  return {
    ...sharedChanges,
    'removed-control': {
      description: 'delete button removed from the item template',
      apply: (app) => removeElement(join(app, 'index.html'), '<button class="destroy"></button>'),
    },
    'changed-label': {
      description: CHANGED_LABEL_DESCRIPTION,
      apply: (app) => changeElementText(join(app, 'index.html'), '<h1>todos</h1>', 'tasks'),
    },
    'dead-handler': {
      description: '"Clear completed" handler returns at once',
      apply: (app) =>
        insertAfter(
          join(app, 'js', 'views', 'app-view.js'),
          'clearCompleted: function () {',
          '\n\t\t\treturn false;',
        ),
    },
    'thrown-error': {
      description: 'delete handler throws after destroying the todo',
      apply: (app) =>
        insertAfter(
          join(app, 'js', 'views', 'todo-view.js'),
          'clear: function () {\n\t\t\tthis.model.destroy();',
          `\n\t\t\t${THROW}`,
        ),
    },
    'delayed-render': {
      description: 'app view render (list and footer) in setTimeout(..., 300)',
      apply: (app) =>
        replaceInFile(
          join(app, 'js', 'views', 'app-view.js'),
          'render: function () {\n\t\t\tvar completed',
          'render: function () {\n\t\t\tsetTimeout(this.renderNow.bind(this), 300);\n\t\t},\n\n' +
            '\t\trenderNow: function () {\n\t\t\tvar completed',
        ),
    },
    'reordered-dom': {
      description: REORDER_DESCRIPTION,
      apply: (app) => swapAdjacent(join(app, 'index.html'), '<h1>todos</h1>', HTML_NEW_TODO),
    },
  };
}

const REACT_NEW_TODO = [
  '<input',
  '\t\t\t\t\t\t\tref="newField"',
  '\t\t\t\t\t\t\tid="new-todo"',
  '\t\t\t\t\t\t\tplaceholder="What needs to be done?"',
  '\t\t\t\t\t\t\tonKeyDown={this.handleNewTodoKeyDown}',
  '\t\t\t\t\t\t\tautoFocus={true}',
  '\t\t\t\t\t\t/>',
].join('\n');

/** Changes of TodoMVC's React example, whose JSX the page compiles in the browser. */
function reactChanges(): Record<VariantId, AppChange> {
  return {
    ...sharedChanges,
    'removed-control': {
      description: 'delete button removed from the TodoItem JSX',
      apply: (app) =>
        removeElement(
          join(app, 'js', 'todoItem.jsx'),
          '<button className="destroy" onClick={this.props.onDestroy} />',
        ),
    },
    'changed-label': {
      description: CHANGED_LABEL_DESCRIPTION,
      apply: (app) => changeElementText(join(app, 'js', 'app.jsx'), '<h1>todos</h1>', 'tasks'),
    },
    'dead-handler': {
      description: '"Clear completed" handler returns at once',
      apply: (app) =>
        insertAfter(join(app, 'js', 'app.jsx'), 'clearCompleted: function () {', '\n\t\t\treturn;'),
    },
    'thrown-error': {
      description: 'delete handler throws after destroying the todo',
      apply: (app) =>
        insertAfter(
          join(app, 'js', 'app.jsx'),
          'destroy: function (todo) {\n\t\t\tthis.props.model.destroy(todo);',
          `\n\t\t\t${THROW}`,
        ),
    },
    'delayed-render': {
      description: 'React.render after a model change in setTimeout(..., 300)',
      apply: (app) =>
        replaceInFile(
          join(app, 'js', 'app.jsx'),
          'model.subscribe(render);',
          'model.subscribe(function () {\n\t\tsetTimeout(render, 300);\n\t});',
        ),
    },
    'reordered-dom': {
      description: REORDER_DESCRIPTION,
      apply: (app) => swapAdjacent(join(app, 'js', 'app.jsx'), '<h1>todos</h1>', REACT_NEW_TODO),
    },
  };
}

/** Changes of TodoMVC's Ember example, whose Handlebars templates sit in index.html. */
function emberChanges(): Record<VariantId, AppChange> {
  return {
    ...sharedChanges,
    'removed-control': {
      description: 'delete button removed from the todo-list template',
      apply: (app) =>
        removeElement(
          join(app, 'index.html'),
          '<button {{action "removeTodo"}} class="destroy"></button>',
        ),
    },
    'changed-label': {
      description: CHANGED_LABEL_DESCRIPTION,
      apply: (app) => changeElementText(join(app, 'index.html'), '<h1>todos</h1>', 'tasks'),
    },
    'dead-handler': {
      description: '"Clear completed" action returns at once',
      apply: (app) =>
        insertAfter(
          join(app, 'js', 'controllers', 'todos_controller.js'),
          'clearCompleted: function () {',
          '\n\t\t\t\treturn;',
        ),
    },
    'thrown-error': {
      description: 'removeTodo action throws after deleting the todo',
      apply: (app) =>
        insertAfter(
          join(app, 'js', 'controllers', 'todo_controller.js'),
          'removeTodo: function () {\n\t\t\t\tthis.removeTodo();',
          `\n\t\t\t\t${THROW}`,
        ),
    },
    'delayed-render': {
      description: 'createTodo action in Ember.run.later(..., 300)',
      apply: (app) =>
        replaceInFile(
          join(app, 'js', 'controllers', 'todos_controller.js'),
          'createTodo: function () {',
          "createTodo: function () {\n\t\t\t\tEmber.run.later(this, function () {\n\t\t\t\t\tthis.send('createTodoNow');\n" +
            '\t\t\t\t}, 300);\n\t\t\t},\n\n\t\t\tcreateTodoNow: function () {',
        ),
    },
    'reordered-dom': {
      description: REORDER_DESCRIPTION,
      apply: (app) =>
        swapAdjacent(
          join(app, 'index.html'),
          '<h1>todos</h1>',
          '{{todo-input id="new-todo" type="text" value=newTitle action="createTodo" placeholder="What needs to be done?"}}',
        ),
    },
  };
}

const CHANGES: Record<TodoMvcImplementation, () => Record<VariantId, AppChange>> = {
  vanillajs: vanillaJsChanges,
  backbone: backboneChanges,
  react: reactChanges,
  emberjs: emberChanges,
};

/** Returns the detection bench's changes of one TodoMVC implementation and its session. */
export function todoMvcApp(implementation: TodoMvcImplementation): DetectApp {
  return {
    app: `todomvc/${implementation}`,
    session: `todomvc-${implementation}`,
    changes: CHANGES[implementation](),
  };
}
