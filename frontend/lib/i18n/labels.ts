/** Label bundles handed to client components (each gets only the strings it shows). */
import type { BreakdownLabels } from '@/components/imports/CostBreakdown';
import type { Messages } from './dictionary';

export function breakdownLabels(t: Messages): BreakdownLabels {
  const i = t.imports;
  return {
    breakdown: i.breakdown,
    item: i.item,
    amount: i.amount,
    total: i.total,
    whereMoneyGoes: i.whereMoneyGoes,
    overBudget: i.overBudget,
    withinBudget: i.withinBudget,
    warnings: i.warnings,
    disclaimer: i.disclaimer,
    groups: {
      abroad: i.groupAbroad,
      taxes: i.groupTaxes,
      port: i.groupPort,
      clearing: i.groupClearing,
      registration: i.groupRegistration,
      other: i.groupOther,
    },
    lines: t.costLines,
  };
}

export function importStatusLabels(t: Messages) {
  const i = t.imports;
  return {
    pending: i.statusPending,
    sourcing: i.statusSourcing,
    shipped: i.statusShipped,
    arrived: i.statusArrived,
    cleared: i.statusCleared,
    delivered: i.statusDelivered,
    cancelled: i.statusCancelled,
  };
}

/** The strings a workspace DataTable shows. */
export function tableLabels(t: Messages) {
  const w = t.workspace;
  return {
    filter: w.filter,
    apply: w.apply,
    clear: w.clear,
    results: w.results,
    none: w.none,
    loading: t.common.loading,
    previous: t.common.previous,
    next: t.common.next,
    page: t.common.page,
    pagination: t.common.pagination,
    sortBy: w.sortBy,
  };
}

/** The vendor's parts table (catalogue and low stock). */
export function partsTableLabels(t: Messages, caption: string) {
  const v = t.vendor;
  return {
    caption,
    name: v.name,
    sku: v.sku,
    price: v.price,
    stock: v.stock,
    fits: v.fits,
    fitsAny: v.fitsAny,
    edit: v.edit,
    editTitle: v.editTitle,
    updateStock: v.updateStock,
    stockSaved: v.stockSaved,
    actions: t.workspace.actions,
    busy: t.workspace.busy,
    fieldErrors: t.common.fieldErrors,
    table: tableLabels(t),
  };
}

/** The part editor with its compatibility picker. */
export function partEditorLabels(t: Messages) {
  const v = t.vendor;
  return {
    name: v.name,
    sku: v.sku,
    price: v.price,
    stock: v.stock,
    create: v.create,
    created: v.created,
    save: t.common.save,
    saved: t.workspace.saved,
    remove: v.remove,
    deleted: v.deleted,
    compatibility: v.compatibility,
    compatibilityLead: v.compatibilityLead,
    make: v.make,
    model: v.model,
    anyModel: v.anyModel,
    yearFrom: v.yearFrom,
    yearTo: v.yearTo,
    addFit: v.addFit,
    removeFit: v.removeFit,
    noFits: v.noFits,
    photos: v.photos,
    photosHint: v.photosHint,
    removePhoto: t.sell.removePhoto,
    uploading: t.sell.uploading,
    uploaded: t.sell.uploaded,
    uploadFailed: t.sell.uploadFailed,
    waitUploads: t.sell.waitUploads,
    busy: t.workspace.busy,
    fieldErrors: t.common.fieldErrors,
    loading: t.common.loading,
  };
}
