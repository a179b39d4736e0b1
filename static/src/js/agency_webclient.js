odoo.define('investment_agency.webclient', function (require) {
"use strict";
/**
 * The back office in the words of the service:
 * - the error dialogs are titled in plain words, not "Odoo Server Error" (a text the
 *   server sends untranslated);
 * - the bar charts' "Grouped / Stacked" controls are translated (nvd3 labels them
 *   itself, in English, unless told otherwise);
 * - an XLSX report asked from a dialog (the ledger export) closes the dialog once the
 *   download starts, as Odoo does for PDF reports with close_on_report_download
 *   (report_xlsx's own handler leaves it open);
 * - a change that a form saves at once in read mode (a click on the stage bar) and that
 *   the server refuses (a gate of the flow) is dropped after the refusal: the form shows
 *   the record as it is, not the refused stage as if it were pending.
 */
var core = require('web.core');
var ActionManager = require('web.ActionManager');
var CrashManager = require('web.CrashManager');
var FormController = require('web.FormController');

var _t = core._t;
var SERVER_ERROR = 'Odoo Server Error';

CrashManager.include({
    show_warning: function (error) {
        if (!error.type && error.message === SERVER_ERROR) {
            error = _.extend({}, error, {message: _t("Could not complete the operation")});
        }
        return this._super(error);
    },
    show_error: function (error) {
        if (!error.type && error.message === SERVER_ERROR) {
            error = _.extend({}, error, {message: _t("Server error")});
        }
        return this._super(error);
    },
});

ActionManager.include({
    ir_actions_report: function (action, options) {
        var self = this;
        var result = this._super.apply(this, arguments);
        if (action.report_type === 'xlsx' && action.close_on_report_download) {
            return $.when(result).then(function () {
                return self.do_action({type: 'ir.actions.act_window_close'},
                                      {on_close: options && options.on_close});
            });
        }
        return result;
    },
});

FormController.include({
    _applyChanges: function (dataPointID, changes, event) {
        var self = this;
        var savedAtOnce = this.mode === 'readonly' && event.data.force_save;
        var result = this._super.apply(this, arguments);
        if (savedAtOnce) {
            result.fail(function () {
                self.model.discardChanges(dataPointID);
                self.reload();
            });
        }
        return result;
    },
});

if (window.nv && nv.models && nv.models.multiBarChart) {
    var multiBarChart = nv.models.multiBarChart;
    nv.models.multiBarChart = function () {
        var chart = multiBarChart.apply(this, arguments);
        chart.controlLabels({grouped: _t("Grouped"), stacked: _t("Stacked")});
        return chart;
    };
}

});
