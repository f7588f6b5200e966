/**
 * A spreadsheet in the clinic's own layout (docs/mappings.md), mapped on the page before anything
 * is stored: choose the file (.xlsx or CSV) and the sheet; say what each column holds (a field of
 * the contract, one reading of a wide layout with its site and phase, or nothing); give the
 * values that are the same for every reading (measure, unit, clinic, ...); then Preview, a dry run
 * of the real ingest (POST /api/ingest/preview) that shows the first readings as they would be
 * stored and every error with its cell (`Visits!F3`) and field. Store sends the file with the
 * very mapping previewed; any change to the mapping asks for a new preview first. Mappings are
 * saved per clinic by name and picked again from the list; the templates of the common layouts
 * download from here.
 */
import { ApiError, type ApiClient } from '../../../api/api-client.js';
import type { Batch, IngestPreview, SavedMapping, SpreadsheetMapping } from '../../../api/api-types.js';
import { saveBlob } from '../../../export/download.js';
import { formatCount } from '../../../format/number-format.js';
import { card } from '../../../layout/card.js';
import { button, el, replaceChildren } from '../../../layout/dom.js';
import { batchOutcome, errorsTable } from '../batch-details.js';
import { DEFAULT_FIELDS, guessRole, MAPPABLE_FIELDS, mappingFrom, rolesOf, UNITS, type ColumnRole, type Defaults } from './column-roles.js';
import { previewTable } from './preview-table.js';

export interface MappingPanelOptions {
  api: ApiClient;
  /** Called when a mapped file is stored (or refused by the store), to refresh the batches. */
  onFinished(batch: Batch | undefined): void;
}

const TEMPLATE_NAMES = ['long.csv', 'long.xlsx', 'wide.csv', 'wide.xlsx', 'wide.mapping.json'];

const DEFAULT_LABELS: Record<(typeof DEFAULT_FIELDS)[number], string> = {
  measure: 'Measure',
  unit: 'Unit',
  clinic_id: 'Clinic id',
  therapist_id: 'Therapist id',
  technique: 'Technique',
  condition: 'Condition',
};

export function mappingPanel(options: MappingPanelOptions): HTMLElement {
  const { api } = options;
  const fileInput = el('input', { id: 'mapping-file', type: 'file', accept: '.xlsx,.csv', 'aria-describedby': 'mapping-help' });
  const clinicInput = el('input', { id: 'mapping-clinic', type: 'text', autocomplete: 'off', maxlength: '200', 'aria-describedby': 'mapping-clinic-help' });
  const savedSelect = el('select', { id: 'mapping-saved', disabled: true }, el('option', { value: '' }, 'None saved'));
  const sheetSelect = el('select', { id: 'mapping-sheet' });
  const columnsSlot = el('div', { class: 'mapping-columns-slot' });
  const defaultsSlot = el('div', { class: 'mapping-defaults' });
  const status = el('p', { id: 'mapping-status', class: 'progress-text', role: 'status', 'aria-live': 'polite' });
  const result = el('div', { class: 'mapping-result' });
  const nameInput = el('input', { id: 'mapping-name', type: 'text', autocomplete: 'off', maxlength: '64', pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]*' });
  const previewButton = button('Preview', () => void preview(), { id: 'mapping-preview', class: 'primary', disabled: true });
  const storeButton = button('Store', () => void store(), { id: 'mapping-store', disabled: true });
  const saveButton = button('Save mapping', () => void save(), { id: 'mapping-save', disabled: true });
  const editor = el('div', { class: 'mapping-editor', hidden: true });

  /** What the step knows: the file, its sheets, the chosen one, what each column holds. */
  const state = {
    file: null as File | null,
    sheets: [] as IngestPreview['sheets'],
    sheet: null as string | null,
    roles: [] as ColumnRole[],
    defaults: { measure: 'ppt', unit: 'kg/cm2' } as Defaults,
    saved: [] as SavedMapping[],
    /** The mapping last previewed without an error: what Store sends. */
    previewed: null as SpreadsheetMapping | null,
  };
  const headers = (): string[] => state.sheets.find((sheet) => sheet.name === state.sheet)?.columns ?? [];
  const currentMapping = (): SpreadsheetMapping =>
    mappingFrom(state.file?.name.toLowerCase().endsWith('.csv') === true ? null : state.sheet, headers(), state.roles, state.defaults);
  const failed = (error: unknown): void => {
    status.textContent = error instanceof ApiError ? error.message : 'That did not work; try again.';
  };
  /** Any change to the mapping: the preview no longer says what would be stored. */
  const changed = (): void => {
    state.previewed = null;
    storeButton.disabled = true;
    saveButton.disabled = clinicInput.value.trim() === '' || headers().length === 0;
    replaceChildren(result);
  };

  const readFile = async (file: File): Promise<void> => {
    state.file = file;
    changed();
    status.textContent = `Reading ${file.name}…`;
    try {
      const first = await api.previewIngest(file, undefined);
      state.sheets = first.sheets.filter((sheet) => sheet.columns.length > 0);
      if (state.sheets.length === 0) {
        editor.hidden = true;
        status.textContent = `${file.name} has no sheet with a header row to map.`;
        replaceChildren(result, errorsTable(first.errors, first.errorCount));
        return;
      }
      const chosen = savedChoice();
      state.sheet = state.sheets.some((sheet) => sheet.name === chosen?.mapping.sheet) ? (chosen?.mapping.sheet ?? null) : state.sheets[0].name;
      resetRoles(chosen?.mapping);
      editor.hidden = false;
      previewButton.disabled = false;
      status.textContent = first.storable
        ? `${file.name} already has the contract’s columns: preview it as it is, or map it.`
        : `${file.name}: say what each column holds, then preview.`;
    } catch (error) {
      editor.hidden = true;
      failed(error);
    }
  };

  /** Roles of the chosen sheet: from a saved mapping, or guessed from its headers. */
  const resetRoles = (mapping: SpreadsheetMapping | undefined): void => {
    if (mapping !== undefined) {
      const applied = rolesOf(mapping, headers());
      state.roles = applied.roles;
      state.defaults = { ...applied.defaults };
    } else {
      state.roles = headers().map(guessRole);
      if (clinicInput.value.trim() !== '' && state.defaults.clinic_id === undefined) state.defaults.clinic_id = clinicInput.value.trim();
    }
    drawSheets();
    drawColumns();
    drawDefaults();
    changed();
  };

  const drawSheets = (): void => {
    replaceChildren(sheetSelect, ...state.sheets.map((sheet) => el('option', { value: sheet.name ?? '', selected: sheet.name === state.sheet }, `${sheet.name ?? 'CSV'} (${formatCount(sheet.rows)} rows)`)));
    sheetSelect.disabled = state.sheets.length < 2;
  };

  const drawColumns = (): void => {
    const rows = headers().map((header, k) => columnRow(header, k));
    replaceChildren(
      columnsSlot,
      el(
        'div',
        { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Columns of the sheet' },
        el(
          'table',
          { class: 'data-table mapping-columns' },
          el('caption', {}, 'What each column holds'),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Column'), el('th', { scope: 'col' }, 'Holds'), el('th', { scope: 'col' }, 'Site, phase, trial'))),
          el('tbody', {}, ...rows),
        ),
      ),
    );
  };

  const columnRow = (header: string, k: number): HTMLTableRowElement => {
    const role = state.roles[k] ?? { kind: 'skip' };
    const roleSelect = el(
      'select',
      { id: `mapping-role-${k}`, 'aria-label': `What the column ${header} holds` },
      el('option', { value: 'skip', selected: role.kind === 'skip' }, 'Not read'),
      el('option', { value: 'reading', selected: role.kind === 'reading' }, 'A reading (one site and phase)'),
      ...MAPPABLE_FIELDS.map((field) => el('option', { value: field, selected: role.kind === 'field' && role.field === field }, field)),
    );
    roleSelect.addEventListener('change', () => {
      const value = roleSelect.value;
      state.roles[k] =
        value === 'skip' ? { kind: 'skip' } : value === 'reading' ? { ...guessReading(header) } : { kind: 'field', field: value as (typeof MAPPABLE_FIELDS)[number] };
      drawColumns();
      changed();
      document.getElementById(`mapping-role-${k}`)?.focus();
    });
    const detail =
      role.kind !== 'reading'
        ? el('td', {}, '–')
        : el('td', { class: 'mapping-reading' }, ...readingInputs(header, k, role));
    return el('tr', {}, el('th', { scope: 'row' }, header === '' ? '(no header)' : header), el('td', {}, roleSelect), detail);
  };

  const readingInputs = (header: string, k: number, role: Extract<ColumnRole, { kind: 'reading' }>): HTMLElement[] => {
    const site = el('input', { id: `mapping-site-${k}`, type: 'text', value: role.site, 'aria-label': `Site of the column ${header}`, size: 18 });
    const phase = el(
      'select',
      { id: `mapping-phase-${k}`, 'aria-label': `Phase of the column ${header}` },
      el('option', { value: 'pre', selected: role.phase === 'pre' }, 'pre'),
      el('option', { value: 'post', selected: role.phase === 'post' }, 'post'),
    );
    const trial = el('input', { id: `mapping-trial-${k}`, type: 'number', min: '1', step: '1', value: role.trial, 'aria-label': `Trial of the column ${header} (optional)`, class: 'mapping-trial' });
    const update = (): void => {
      state.roles[k] = { kind: 'reading', site: site.value, phase: phase.value === 'post' ? 'post' : 'pre', trial: trial.value };
      changed();
    };
    for (const input of [site, phase, trial]) input.addEventListener('change', update);
    return [site, phase, trial];
  };

  const drawDefaults = (): void => {
    replaceChildren(
      defaultsSlot,
      el('h3', {}, 'The same for every reading'),
      el('p', { class: 'hint' }, 'Used where no column gives the field. Values are converted from this unit as the readings are stored.'),
      el(
        'div',
        { class: 'mapping-defaults-grid' },
        ...DEFAULT_FIELDS.map((field) => {
          const id = `mapping-default-${field.replace('_', '-')}`;
          const input =
            field === 'unit'
              ? el('select', { id }, el('option', { value: '' }, '—'), ...UNITS.map((unit) => el('option', { value: unit, selected: state.defaults.unit === unit }, unit)))
              : el('input', { id, type: 'text', autocomplete: 'off', value: state.defaults[field] ?? '' });
          input.addEventListener('change', () => {
            state.defaults[field] = input.value;
            changed();
          });
          return el('div', { class: 'field' }, el('label', { for: id }, DEFAULT_LABELS[field]), input);
        }),
      ),
    );
  };

  const preview = async (): Promise<void> => {
    if (state.file === null) return;
    const mapping = currentMapping();
    status.textContent = 'Checking the file through the mapping; nothing is stored…';
    previewButton.disabled = true;
    try {
      const answer = await api.previewIngest(state.file, mapping);
      state.previewed = answer.storable ? mapping : null;
      storeButton.disabled = !answer.storable;
      status.textContent = answer.storable
        ? `${formatCount(answer.rowsRead)} readings would be stored. Nothing is stored until you choose Store.`
        : `${formatCount(answer.errorCount)} error${answer.errorCount === 1 ? '' : 's'}: the file would be refused whole. Nothing was stored.`;
      replaceChildren(
        result,
        answer.errorCount > 0 ? errorsTable(answer.errors, answer.errorCount) : null,
        answer.readings.length > 0 ? previewTable(answer.readings, answer.rowsRead) : null,
      );
    } catch (error) {
      replaceChildren(result);
      failed(error);
    } finally {
      previewButton.disabled = false;
    }
  };

  const store = async (): Promise<void> => {
    if (state.file === null || state.previewed === null) return;
    storeButton.disabled = true;
    status.textContent = `Storing ${state.file.name} (all or nothing)…`;
    try {
      const batch = await api.upload(state.file, () => undefined, state.previewed).result;
      status.textContent = `Stored ${state.file.name}.`;
      replaceChildren(result, batchOutcome(batch));
      options.onFinished(batch);
    } catch (error) {
      if (error instanceof ApiError && error.batch !== undefined) {
        status.textContent = `Refused: ${state.file.name}`;
        replaceChildren(result, batchOutcome({ ...error.batch, errors: error.errors.length > 0 ? error.errors : error.batch.errors }));
        options.onFinished(error.batch);
      } else failed(error);
    }
  };

  const savedChoice = (): SavedMapping | undefined => state.saved.find((entry) => entry.name === savedSelect.value);

  const loadSaved = async (): Promise<void> => {
    const clinic = clinicInput.value.trim();
    state.saved = [];
    replaceChildren(savedSelect, el('option', { value: '' }, clinic === '' ? 'None saved' : 'Loading…'));
    savedSelect.disabled = true;
    if (clinic === '') return;
    try {
      state.saved = await api.mappings(clinic);
      replaceChildren(
        savedSelect,
        el('option', { value: '' }, state.saved.length === 0 ? 'None saved' : 'Guess from the headers'),
        ...state.saved.map((entry) => el('option', { value: entry.name }, entry.name)),
      );
      savedSelect.disabled = state.saved.length === 0;
    } catch (error) {
      replaceChildren(savedSelect, el('option', { value: '' }, 'None saved'));
      failed(error);
    }
  };

  const save = async (): Promise<void> => {
    const clinic = clinicInput.value.trim();
    const name = nameInput.value.trim();
    if (clinic === '' || name === '') {
      status.textContent = 'Give the clinic id and a name for the mapping.';
      return;
    }
    try {
      await api.saveMapping(clinic, name, currentMapping());
      await loadSaved();
      savedSelect.value = name;
      status.textContent = `Saved the mapping ${name} for ${clinic}. Files in the watch folder’s mapped/${clinic}/${name}/ are read through it.`;
    } catch (error) {
      failed(error);
    }
  };

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file !== undefined) void readFile(file);
  });
  sheetSelect.addEventListener('change', () => {
    state.sheet = sheetSelect.value;
    resetRoles(savedChoice()?.mapping);
  });
  clinicInput.addEventListener('change', () => {
    const clinic = clinicInput.value.trim();
    if (clinic !== '') {
      state.defaults.clinic_id = clinic;
      drawDefaults();
    }
    changed();
    void loadSaved();
  });
  savedSelect.addEventListener('change', () => {
    const chosen = savedChoice();
    if (chosen?.mapping.sheet !== undefined && state.sheets.some((sheet) => sheet.name === chosen.mapping.sheet)) state.sheet = chosen.mapping.sheet;
    if (chosen !== undefined) nameInput.value = chosen.name;
    if (headers().length > 0) resetRoles(chosen?.mapping);
  });

  const templates = el(
    'div',
    { class: 'template-links' },
    el('span', { class: 'hint' }, 'Templates:'),
    ...TEMPLATE_NAMES.map((name) =>
      button(
        name,
        () =>
          void api.template(name).then(
            (blob) => saveBlob(blob, `threshold-${name}`),
            (error: unknown) => failed(error),
          ),
        { class: 'quiet', id: `template-${name.replaceAll('.', '-')}`, 'aria-label': `Download the template ${name}` },
      ),
    ),
  );

  append(
    editor,
    el('div', { class: 'form-row' }, el('label', { for: 'mapping-sheet' }, 'Sheet'), sheetSelect),
    columnsSlot,
    defaultsSlot,
    el('div', { class: 'form-row' }, previewButton, storeButton),
    el('div', { class: 'form-row' }, el('label', { for: 'mapping-name' }, 'Save as'), nameInput, saveButton),
  );

  return card(
    {
      id: 'mapping-title',
      title: 'A spreadsheet in your own layout',
      description: 'Map the columns of a clinic’s sheet to the contract, see what would be stored, then store it.',
    },
    el(
      'div',
      { class: 'mapping-source' },
      el('div', { class: 'field' }, el('label', { for: 'mapping-clinic' }, 'Clinic id'), clinicInput),
      el('div', { class: 'field' }, el('label', { for: 'mapping-saved' }, 'Saved mapping'), savedSelect),
      el('div', { class: 'field' }, el('label', { for: 'mapping-file' }, 'Spreadsheet (.xlsx or CSV)'), fileInput),
    ),
    el('p', { id: 'mapping-clinic-help', class: 'hint' }, 'The clinic’s id as its files name it: its mappings are saved under it, and it is every reading’s clinic unless a column says otherwise.'),
    el(
      'p',
      { id: 'mapping-help', class: 'hint' },
      'A wide sheet (a column per site and phase, such as UT L pre and UT L post) becomes one reading per filled cell. Columns marked Not read never reach the data.',
    ),
    templates,
    editor,
    status,
    result,
  );
}

/** A reading's site and phase guessed from its header, or blank ones to fill in. */
function guessReading(header: string): Extract<ColumnRole, { kind: 'reading' }> {
  const guess = guessRole(header);
  return guess.kind === 'reading' ? guess : { kind: 'reading', site: '', phase: 'pre', trial: '' };
}

function append(parent: HTMLElement, ...children: HTMLElement[]): void {
  parent.append(...children);
}
