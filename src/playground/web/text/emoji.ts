// Emoji names as Slack writes them (`:rotating_light:`) and the character each stands for. Covers the timeline
// reactions, every name the bot's presenters use and the everyday ones people react with; an unknown name is
// left as `:name:`, as Slack shows a custom emoji it cannot find.

const EMOJI: Record<string, string> = {
  // The timeline's reactions and the bot's presenters.
  pushpin: '📌', bulb: '💡', wrench: '🔧', x: '❌', rotating_light: '🚨', mag: '🔍', mag_right: '🔎', eyes: '👀',
  white_check_mark: '✅', heavy_check_mark: '✔️', memo: '📝', loudspeaker: '📢', mega: '📣', lock: '🔒', unlock: '🔓',
  rocket: '🚀', fire: '🔥', warning: '⚠️', hourglass_flowing_sand: '⏳', hourglass: '⌛', black_square_button: '🔲',
  white_square_button: '🔳', alarm_clock: '⏰', stopwatch: '⏱️', clock1: '🕐', calendar: '📆', date: '📅',
  spiral_calendar_pad: '🗓️', bell: '🔔', no_bell: '🔕', link: '🔗', paperclip: '📎', page_facing_up: '📄',
  clipboard: '📋', bookmark_tabs: '📑', chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉',
  bar_chart: '📊', gear: '⚙️', hammer_and_wrench: '🛠️', tools: '🛠️', construction: '🚧', sos: '🆘',
  red_circle: '🔴', large_orange_circle: '🟠', orange_circle: '🟠', large_yellow_circle: '🟡', yellow_circle: '🟡',
  large_green_circle: '🟢', green_circle: '🟢', large_blue_circle: '🔵', blue_circle: '🔵', white_circle: '⚪',
  black_circle: '⚫', red_square: '🟥', green_square: '🟩', yellow_square: '🟨', ballot_box_with_check: '☑️',
  heavy_multiplication_x: '✖️', question: '❓', grey_question: '❔', exclamation: '❗', heavy_exclamation_mark: '❗',
  bangbang: '‼️', information_source: 'ℹ️', no_entry: '⛔', no_entry_sign: '🚫', stop_sign: '🛑',
  arrow_right: '➡️', arrow_left: '⬅️', arrow_up: '⬆️', arrow_down: '⬇️', arrows_counterclockwise: '🔄',
  repeat: '🔁', arrow_forward: '▶️', pause_button: '⏸️', fast_forward: '⏩', new: '🆕', up: '🆙', ok: '🆗',
  sparkles: '✨', star: '⭐', star2: '🌟', zap: '⚡', boom: '💥', collision: '💥', dart: '🎯', trophy: '🏆',
  medal: '🏅', checkered_flag: '🏁', triangular_flag_on_post: '🚩', beetle: '🐞', bug: '🐛', ant: '🐜',
  ambulance: '🚑', fire_engine: '🚒', police_car: '🚓', pager: '📟', telephone_receiver: '📞',
  phone: '☎️', email: '📧', envelope: '✉️', inbox_tray: '📥', outbox_tray: '📤', package: '📦', floppy_disk: '💾',
  computer: '💻', desktop_computer: '🖥️', keyboard: '⌨️', cloud: '☁️', globe_with_meridians: '🌐', key: '🔑',
  shield: '🛡️', closed_lock_with_key: '🔐', bookmark: '🔖', books: '📚', book: '📖', notebook: '📓', pencil: '📝',
  pencil2: '✏️', scissors: '✂️', round_pushpin: '📍', busts_in_silhouette: '👥',
  bust_in_silhouette: '👤', speech_balloon: '💬', thought_balloon: '💭', loud_sound: '🔊', mute: '🔇',
  // Everyday reactions.
  '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', ok_hand: '👌', clap: '👏', raised_hands: '🙌',
  pray: '🙏', muscle: '💪', wave: '👋', point_up: '☝️', point_right: '👉', point_left: '👈', v: '✌️',
  handshake: '🤝', tada: '🎉', confetti_ball: '🎊', balloon: '🎈', heart: '❤️', broken_heart: '💔',
  green_heart: '💚', blue_heart: '💙', purple_heart: '💜', yellow_heart: '💛', hundred: '💯', '100': '💯',
  smile: '😄', smiley: '😃', grinning: '😀', grin: '😁', joy: '😂', laughing: '😆', sweat_smile: '😅',
  slightly_smiling_face: '🙂', upside_down_face: '🙃', wink: '😉', blush: '😊', innocent: '😇', heart_eyes: '😍',
  thinking_face: '🤔', thinking: '🤔', neutral_face: '😐', expressionless: '😑', unamused: '😒', rolling_eyes: '🙄',
  grimacing: '😬', relieved: '😌', pensive: '😔', sleepy: '😪', sleeping: '😴', cry: '😢', sob: '😭',
  scream: '😱', fearful: '😨', cold_sweat: '😰', disappointed: '😞', worried: '😟', confused: '😕',
  slightly_frowning_face: '🙁', rage: '😡', angry: '😠', exploding_head: '🤯', face_palm: '🤦', facepalm: '🤦',
  shrug: '🤷', sunglasses: '😎', nerd_face: '🤓', sweat: '😓', skull: '💀', ghost: '👻', robot_face: '🤖',
  see_no_evil: '🙈', hear_no_evil: '🙉', speak_no_evil: '🙊', coffee: '☕', beer: '🍺', pizza: '🍕',
  sunny: '☀️', umbrella: '☂️', snowflake: '❄️', rainbow: '🌈', ocean: '🌊', earth_americas: '🌎', moon: '🌙',
  dog: '🐶', cat: '🐱', turtle: '🐢', snail: '🐌', rabbit: '🐰', unicorn_face: '🦄', octopus: '🐙', fish: '🐟',
  seedling: '🌱', herb: '🌿', four_leaf_clover: '🍀', cactus: '🌵', fallen_leaf: '🍂', money_with_wings: '💸',
  moneybag: '💰', chart: '💹', hourglass_done: '⌛', heavy_plus_sign: '➕', heavy_minus_sign: '➖',
  large_blue_diamond: '🔷', small_orange_diamond: '🔸', small_blue_diamond: '🔹',
};

/** The character for an emoji name, or null for a name this page does not know. */
export function emojiFor(name: string): string | null {
  const bare = name.replace(/::skin-tone-\d$/, '');
  return Object.prototype.hasOwnProperty.call(EMOJI, bare) ? (EMOJI[bare] ?? null) : null;
}

/** Names offered in the reaction picker after the timeline's own. */
export const COMMON_REACTIONS: readonly string[] = [
  '+1', 'eyes', 'white_check_mark', 'tada', 'pray', 'raised_hands', 'heart', 'joy', 'thinking_face', 'fire',
  'rocket', 'warning', 'x', '100', 'clap', 'ok_hand', 'muscle', 'sob', 'scream', 'face_palm',
];
