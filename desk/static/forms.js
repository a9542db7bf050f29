/*
 * The arithmetic of a decision form checked as one types: a ballot round, a recommendation tally, the slate's
 * ratio and the attendance's quorum. The result is written to the form's live region ([data-live]), which a screen
 * reader reads out. The server checks again and is the authority; without this script the forms work the same.
 * The messages come from the page (data-msg-* attributes, in the person's language); this file holds no text.
 * Plain ES2017, no build step: it attaches to every element with data-check="round|tally|slate|attendance".
 */
(function () {
  'use strict';

  function fill(template, params) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  /** A whole number as typed (full-width digits too), or null when the field is empty or holds something else. */
  function count(input) {
    if (!input) return null;
    var value = input.value.normalize('NFKC').trim();
    return /^[0-9]+$/.test(value) ? Number(value) : null;
  }

  function message(root, name, params) {
    var template = root.getAttribute('data-msg-' + name);
    return template ? fill(template, params || {}) : '';
  }

  function figure(root, name) {
    return count(root.querySelector('[data-fig="' + name + '"]'));
  }

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  /** The name a vote is for: the row's header (a member), or the name typed in the row (a write-in). */
  function nameOf(input) {
    var row = input.closest('tr');
    if (!row) return '';
    var header = row.querySelector('th[scope="row"]');
    if (header) return header.textContent.replace(/\s+/g, ' ').trim();
    var typed = row.querySelector('input[type="text"]:not([data-vote])');
    return typed ? typed.value.trim() : '';
  }

  function votes(root) {
    return all(root, '[data-vote]')
      .map(function (input) {
        return { input: input, votes: count(input) };
      })
      .filter(function (v) {
        return v.votes !== null;
      });
  }

  function total(list) {
    return list.reduce(function (sum, v) {
      return sum + v.votes;
    }, 0);
  }

  var checks = {
    round: function (root) {
      var voters = figure(root, 'voters');
      var issued = figure(root, 'issued');
      var returned = figure(root, 'returned');
      var valid = figure(root, 'valid');
      var invalid = figure(root, 'invalid');
      var seats = Number(root.getAttribute('data-seats')) || 1;
      var marked = votes(root);
      var lines = [];
      if (issued !== null && voters !== null && issued > voters)
        lines.push(message(root, 'issued-over-voters', { issued: issued, voters: voters }));
      if (returned !== null && issued !== null && returned > issued) {
        lines.push(message(root, 'void', { returned: returned, issued: issued }));
        return lines;
      }
      if (valid !== null && invalid !== null && returned !== null && valid + invalid !== returned) {
        lines.push(message(root, 'sum', { valid: valid, invalid: invalid, total: valid + invalid, returned: returned }));
      }
      if (valid !== null) {
        marked.forEach(function (v) {
          if (v.votes > valid) lines.push(message(root, 'vote-over-valid', { name: nameOf(v.input), votes: v.votes, valid: valid }));
        });
        var marks = total(marked);
        if (marks > valid * seats) lines.push(message(root, 'marks', { marks: marks, valid: valid, seats: seats, max: valid * seats }));
      }
      lines.push(message(root, 'summary', { issued: issued, returned: returned, valid: valid, invalid: invalid, marks: total(marked) }));
      var of = root.getAttribute('data-majority-of') ? Number(root.getAttribute('data-majority-of')) : voters;
      if (root.getAttribute('data-tie')) lines.push(message(root, 'majority'));
      else if (of !== null) lines.push(message(root, 'majority', { of: of, needed: Math.floor(of / 2) + 1 }));
      return lines;
    },

    tally: function (root) {
      var participants = figure(root, 'participants');
      var issued = figure(root, 'issued');
      var returned = figure(root, 'returned');
      var marked = votes(root);
      var lines = [];
      var max = root.getAttribute('data-max-participants');
      var posts = Number(root.getAttribute('data-posts'));
      if (returned !== null && issued !== null && returned > issued)
        lines.push(message(root, 'returned-over-issued', { returned: returned, issued: issued }));
      if (issued !== null && participants !== null && issued > participants) {
        lines.push(message(root, 'issued-over-participants', { issued: issued, participants: participants }));
      }
      if (max && participants !== null && participants > Number(max))
        lines.push(message(root, 'participants-over', { participants: participants, max: max }));
      if (returned !== null) {
        marked.forEach(function (v) {
          if (v.votes > returned)
            lines.push(message(root, 'vote-over-returned', { name: nameOf(v.input), votes: v.votes, returned: returned }));
        });
        if (posts && total(marked) > returned * posts) {
          lines.push(message(root, 'marks', { total: total(marked), returned: returned, posts: posts, max: returned * posts }));
        }
      }
      lines.push(message(root, 'summary', { issued: issued, returned: returned, total: total(marked) }));
      var num = Number(root.getAttribute('data-num'));
      var den = Number(root.getAttribute('data-den'));
      if (num && den && participants !== null) {
        lines.push(
          message(root, 'threshold', {
            num: num,
            den: den,
            participants: participants,
            needed: Math.floor((num * participants) / den) + 1,
          }),
        );
      }
      return lines;
    },

    slate: function (root) {
      var picked = all(root, '[data-pick]').filter(function (box) {
        return box.checked;
      }).length;
      var needed = Number(root.getAttribute('data-needed'));
      return [message(root, picked < needed ? 'short' : 'count', { picked: picked, needed: needed })];
    },

    attendance: function (root) {
      var voters = Number(root.getAttribute('data-voters'));
      var present = 0;
      var excused = 0;
      var both = false;
      all(root, 'tbody tr').forEach(function (row) {
        var box = row.querySelector('[data-present]');
        var excusal = row.querySelector('[data-excusal]');
        var isPresent = !!(box && box.checked);
        var isExcused = !!(excusal && excusal.value);
        if (isPresent) present += 1;
        if (isExcused) excused += 1;
        if (isPresent && isExcused) both = true;
      });
      var due = voters - excused;
      var figures = { voters: voters, excused: excused, due: due, present: present, needed: Math.floor((4 * due) / 5) + 1 };
      if (both) return [message(root, 'both')];
      return [message(root, present >= figures.needed ? 'met' : 'not-met', figures)];
    },
  };

  function update(root) {
    var check = checks[root.getAttribute('data-check')];
    var live = root.querySelector('[data-live]');
    if (!check || !live) return;
    var text = check(root)
      .filter(function (line) {
        return line;
      })
      .join(' ');
    // Only a change is written, so that a screen reader hears each result once.
    if (live.textContent !== text) live.textContent = text;
  }

  function attach() {
    all(document, '[data-check]').forEach(function (root) {
      var onChange = function () {
        update(root);
      };
      root.addEventListener('input', onChange);
      root.addEventListener('change', onChange);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', attach);
  else attach();
})();
